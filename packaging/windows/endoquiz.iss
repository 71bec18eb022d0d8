; Inno Setup script for the Windows installer (not built here: see docs/packaging.md).
; Build the bundle first on Windows with `pyinstaller packaging\endoquiz.spec`,
; then: iscc /DVersion=0.1.0 packaging\windows\endoquiz.iss
#ifndef Version
  #define Version "0.0.0"
#endif

[Setup]
AppId={{6C4B1D0E-7A2F-4E8B-9B1D-2E5F3C8A9D10}
AppName=endoquiz
AppVersion={#Version}
AppPublisher=endoquiz developers
DefaultDirName={autopf}\endoquiz
DefaultGroupName=endoquiz
; Installs for the current user without admin rights, as school machines need.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=endoquiz-{#Version}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\endoquiz.exe
WizardStyle=modern

[Files]
Source: "..\..\dist\endoquiz\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\endoquiz"; Filename: "{app}\endoquiz.exe"
Name: "{autodesktop}\endoquiz"; Filename: "{app}\endoquiz.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked

[Run]
Filename: "{app}\endoquiz.exe"; Description: "Start endoquiz"; Flags: nowait postinstall skipifsilent
