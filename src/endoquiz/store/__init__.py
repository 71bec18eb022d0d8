"""The progress database: schema, rows and queries; the only code that writes SQL."""
