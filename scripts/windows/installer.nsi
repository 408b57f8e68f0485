; The Windows installer of Thi đua, built on Linux with Debian's NSIS (makensis) by
; scripts/windows/package.sh; nothing is downloaded at build time.
;
; Per user, without administrator rights (many clerks' laptops are locked down): the program
; goes to %LOCALAPPDATA%\Programs\Thi dua, the Start-menu entry and the .thidua file type are
; the user's own. The data stays in %APPDATA%\vn.mttq.thidua, where the app and the CLI keep
; it; uninstalling keeps it unless the clerk ticks "Xóa cả dữ liệu" (or passes /XOADULIEU in a
; silent uninstall).
;
; Defines from package.sh: VERSION, STAGE (the folder with the files), OUTFILE.

; A 64-bit installer: the program is 64-bit only, and Wine in CI runs 64-bit programs only.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define PRODUCT "Thi đua"
!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\ThiDua"
!define REG_CLASSES "Software\Classes"
!define FILE_TYPE "ThiDua.GoiBaoCao"
; The WebView2 runtime's registration (Microsoft's documented way to detect it).
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Thi dua"
InstallDirRegKey HKCU "${REG_UNINSTALL}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1066 "FileDescription" "Bộ cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!define MUI_ICON "${STAGE}\thidua.ico"
!define MUI_UNICON "${STAGE}\thidua.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\thidua-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT} cần Windows 64 bit (Windows 10 hoặc 11)." /SD IDOK
    Abort
  ${EndIf}
  ; The window needs Microsoft Edge WebView2 (built into Windows 11, present on most Windows
  ; 10 machines). Without it the command-line program still works; say how to get it.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_ICONEXCLAMATION "Máy này chưa có Microsoft Edge WebView2 Runtime, cần để mở cửa sổ ${PRODUCT}.$\r$\n$\r$\nHãy cài «WebView2 Runtime» (bản Evergreen Standalone, tải từ trang của Microsoft hoặc chép từ máy khác), rồi mở lại ${PRODUCT}. Việc cài đặt vẫn tiếp tục." /SD IDOK
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\thidua-app.exe"
  File "${STAGE}\thidua.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\thidua.ico"
  File "${STAGE}\DOC-TRUOC.txt"
  ; The user guide: the app's «? Hướng dẫn» opens it from here, and the Start menu has it.
  File "${STAGE}\huong-dan-su-dung.pdf"
  WriteUninstaller "$INSTDIR\go-cai-dat.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\thidua-app.exe" "" "$INSTDIR\thidua.ico" 0
  CreateShortCut "$SMPROGRAMS\Hướng dẫn sử dụng ${PRODUCT}.lnk" "$INSTDIR\huong-dan-su-dung.pdf"

  ; A .thidua bundle double-clicked in Explorer opens the app on its import screen.
  WriteRegStr HKCU "${REG_CLASSES}\.thidua" "" "${FILE_TYPE}"
  WriteRegStr HKCU "${REG_CLASSES}\${FILE_TYPE}" "" "Gói báo cáo Thi đua"
  WriteRegStr HKCU "${REG_CLASSES}\${FILE_TYPE}\DefaultIcon" "" "$INSTDIR\thidua.ico,0"
  WriteRegStr HKCU "${REG_CLASSES}\${FILE_TYPE}\shell\open\command" "" '"$INSTDIR\thidua-app.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features: name, version, size, and the uninstaller.
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "Publisher" "Mặt trận Tổ quốc Việt Nam"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\thidua.ico"
  WriteRegStr HKCU "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\go-cai-dat.exe"'
  WriteRegStr HKCU "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\go-cai-dat.exe" /S'
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoModify" 1
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "EstimatedSize" $0
SectionEnd

Section "un.${PRODUCT}" UnSecProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\Hướng dẫn sử dụng ${PRODUCT}.lnk"
  DeleteRegKey HKCU "${REG_CLASSES}\${FILE_TYPE}"
  ReadRegStr $0 HKCU "${REG_CLASSES}\.thidua" ""
  ${If} $0 == "${FILE_TYPE}"
    DeleteRegKey HKCU "${REG_CLASSES}\.thidua"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${REG_UNINSTALL}"
  Delete "$INSTDIR\thidua-app.exe"
  Delete "$INSTDIR\thidua.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\thidua.ico"
  Delete "$INSTDIR\DOC-TRUOC.txt"
  Delete "$INSTDIR\huong-dan-su-dung.pdf"
  Delete "$INSTDIR\go-cai-dat.exe"
  RMDir "$INSTDIR"
SectionEnd

; Unticked unless the clerk ticks it: the unit's registers, reports, keys and backups.
Section /o "un.Xóa cả dữ liệu (sổ theo dõi, báo cáo, khóa ký, bản sao lưu)" UnSecData
  RMDir /r "$APPDATA\vn.mttq.thidua"
  ; The window's WebView2 cache.
  RMDir /r "$LOCALAPPDATA\vn.mttq.thidua"
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/XOADULIEU" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecProgram} "Gỡ chương trình, mục trong menu Start và loại tệp .thidua."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Chỉ chọn khi máy không còn dùng cho đơn vị: dữ liệu bị xóa hẳn. Hãy chép toàn bộ sang USB trước."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
