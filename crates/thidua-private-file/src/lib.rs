//! Files only their owner can read: the installation's private signing key.
//!
//! On Unix the file is created with mode 0600. On Windows, where a new file inherits its
//! folder's permissions (often readable by every user of a shared laptop, for example under
//! `C:\ThiDua` or on a stick), the file gets a protected access list with one entry: full
//! control for the user running the program. Either way the secret is written only after the
//! file is private, then renamed into place, so no one else can read it even for an instant
//! and a crash leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`, readable and writable by the current user only.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut file = create_private(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates a new file that is private from its creation: no instant where another user could
/// open it.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
    }
    #[cfg(windows)]
    {
        windows::create_owner_only(path)
    }
}

/// Whether no other ordinary user of the machine can read `path`: no permission bits for
/// group or others on Unix; on Windows, an access list that grants nothing to Everyone,
/// Authenticated Users, Users or Guests (the groups every other account of a shared laptop is
/// in).
pub fn is_private(path: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 == 0)
    }
    #[cfg(windows)]
    {
        windows::closed_to_other_users(path)
    }
}

#[cfg(windows)]
#[allow(unsafe_code)] // the Win32 security API has no safe wrapper in our dependencies
mod windows {
    use std::io::{Error, Result};
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::io::FromRawHandle;
    use std::path::Path;
    use std::ptr::{null, null_mut};

    use windows_sys::Win32::Foundation::{CloseHandle, ERROR_SUCCESS, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE, LocalFree};
    use windows_sys::Win32::Security::Authorization::{
        ConvertStringSidToSidW, EXPLICIT_ACCESS_W, GetNamedSecurityInfoW, SE_FILE_OBJECT, SET_ACCESS, SetEntriesInAclW, TRUSTEE_IS_SID,
        TRUSTEE_IS_USER, TRUSTEE_W,
    };
    use windows_sys::Win32::Security::{
        ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, DACL_SECURITY_INFORMATION, EqualSid, GetAce, GetTokenInformation,
        InitializeSecurityDescriptor, NO_INHERITANCE, PSECURITY_DESCRIPTOR, PSID, SE_DACL_PROTECTED, SECURITY_ATTRIBUTES,
        SECURITY_DESCRIPTOR, SetSecurityDescriptorControl, SetSecurityDescriptorDacl, TOKEN_QUERY, TOKEN_USER, TokenUser,
    };
    use windows_sys::Win32::Storage::FileSystem::{CREATE_NEW, CreateFileW, FILE_ATTRIBUTE_NORMAL};
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

    /// FILE_ALL_ACCESS: every right on a file, spelled out rather than GENERIC_ALL, which a
    /// stored entry keeps unmapped.
    const FILE_ALL_ACCESS: u32 = 0x001F_01FF;
    const ACCESS_ALLOWED_ACE_TYPE: u8 = 0;
    const SECURITY_DESCRIPTOR_REVISION: u32 = 1;
    /// Everyone, Authenticated Users, Users, Guests.
    const OTHER_USERS: [&str; 4] = ["S-1-1-0", "S-1-5-11", "S-1-5-32-545", "S-1-5-32-546"];

    fn wide(text: &std::ffi::OsStr) -> Vec<u16> {
        text.encode_wide().chain(Some(0)).collect()
    }

    /// The current user's token information (a TOKEN_USER followed by its SID), in a buffer of
    /// u64 so the structure is aligned.
    struct CurrentUser(Vec<u64>);

    impl CurrentUser {
        fn get() -> Result<Self> {
            let mut token: HANDLE = null_mut();
            // SAFETY: a pseudo-handle for this process and an out-pointer to a handle.
            if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
                return Err(Error::last_os_error());
            }
            let mut len = 0u32;
            // SAFETY: asking for the size only (null buffer, zero length).
            unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
            let mut buffer = vec![0u64; (len as usize).div_ceil(8).max(1)];
            // SAFETY: the buffer holds at least `len` bytes.
            let ok = unsafe { GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), len, &mut len) };
            let error = Error::last_os_error();
            // SAFETY: the token was opened above.
            unsafe { CloseHandle(token) };
            if ok == 0 {
                return Err(error);
            }
            Ok(Self(buffer))
        }

        fn sid(&self) -> PSID {
            // SAFETY: the buffer starts with the TOKEN_USER that GetTokenInformation wrote.
            unsafe { (*(self.0.as_ptr() as *const TOKEN_USER)).User.Sid }
        }
    }

    /// Something Windows allocated with LocalAlloc, freed when dropped.
    struct Local<T>(*mut T);

    impl<T> Drop for Local<T> {
        fn drop(&mut self) {
            if !self.0.is_null() {
                // SAFETY: the pointer came from a function documented to allocate with LocalAlloc.
                unsafe { LocalFree(self.0.cast()) };
            }
        }
    }

    /// Creates the file with a protected access list of one entry, full control for the
    /// current user: Windows applies it as the file comes into existence.
    pub fn create_owner_only(path: &Path) -> Result<std::fs::File> {
        let user = CurrentUser::get()?;
        let access = EXPLICIT_ACCESS_W {
            grfAccessPermissions: FILE_ALL_ACCESS,
            grfAccessMode: SET_ACCESS,
            grfInheritance: NO_INHERITANCE,
            Trustee: TRUSTEE_W {
                TrusteeForm: TRUSTEE_IS_SID,
                TrusteeType: TRUSTEE_IS_USER,
                ptstrName: user.sid().cast(),
                ..Default::default()
            },
        };
        let mut acl = Local::<ACL>(null_mut());
        // SAFETY: one valid entry, no old list, an out-pointer for the new list.
        let status = unsafe { SetEntriesInAclW(1, &access, null(), &mut acl.0) };
        if status != ERROR_SUCCESS {
            return Err(Error::from_raw_os_error(status as i32));
        }
        // SAFETY: all-zero is a valid bit pattern for this plain C structure; it is initialised next.
        let mut descriptor: SECURITY_DESCRIPTOR = unsafe { std::mem::zeroed() };
        let sd: PSECURITY_DESCRIPTOR = (&raw mut descriptor).cast();
        // SAFETY: `sd` points to the descriptor above, which outlives every use; the list is
        // kept alive by `acl` until CreateFileW has copied it.
        let ready = unsafe {
            InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) != 0
                && SetSecurityDescriptorDacl(sd, 1, acl.0, 0) != 0
                && SetSecurityDescriptorControl(sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED) != 0
        };
        if !ready {
            return Err(Error::last_os_error());
        }
        let attributes =
            SECURITY_ATTRIBUTES { nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32, lpSecurityDescriptor: sd, bInheritHandle: 0 };
        let name = wide(path.as_os_str());
        // SAFETY: a NUL-terminated path and valid security attributes; no template file.
        let handle = unsafe { CreateFileW(name.as_ptr(), GENERIC_WRITE, 0, &attributes, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, null_mut()) };
        if handle == INVALID_HANDLE_VALUE {
            return Err(Error::last_os_error());
        }
        // SAFETY: a handle just opened and owned by nothing else.
        Ok(unsafe { std::fs::File::from_raw_handle(handle) })
    }

    /// Whether the file's access list grants nothing to the groups other accounts are in.
    pub fn closed_to_other_users(path: &Path) -> Result<bool> {
        let name = wide(path.as_os_str());
        let mut dacl: *mut ACL = null_mut();
        let mut descriptor = Local::<core::ffi::c_void>(null_mut());
        // SAFETY: a NUL-terminated path and out-pointers for the list and its descriptor.
        let status = unsafe {
            GetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION,
                null_mut(),
                null_mut(),
                &mut dacl,
                null_mut(),
                &mut descriptor.0,
            )
        };
        if status != ERROR_SUCCESS {
            return Err(Error::from_raw_os_error(status as i32));
        }
        if dacl.is_null() {
            return Ok(false); // no list at all: everyone may do everything
        }
        let mut others = Vec::new();
        for text in OTHER_USERS {
            let mut sid = Local::<core::ffi::c_void>(null_mut());
            // SAFETY: a NUL-terminated SID string and an out-pointer.
            if unsafe { ConvertStringSidToSidW(wide(std::ffi::OsStr::new(text)).as_ptr(), &mut sid.0) } == 0 {
                return Err(Error::last_os_error());
            }
            others.push(sid);
        }
        // SAFETY: a non-null list inside the descriptor, which `descriptor` keeps alive.
        let count = unsafe { (*dacl).AceCount };
        for index in 0..u32::from(count) {
            let mut ace: *mut core::ffi::c_void = null_mut();
            // SAFETY: an index below the list's count; GetAce points into the list.
            if unsafe { GetAce(dacl, index, &mut ace) } == 0 {
                return Err(Error::last_os_error());
            }
            // SAFETY: every entry starts with an ACE_HEADER; an access-allowed entry is an
            // ACCESS_ALLOWED_ACE whose SID starts at SidStart.
            let allows = unsafe { (*(ace as *const ACE_HEADER)).AceType } == ACCESS_ALLOWED_ACE_TYPE;
            if allows {
                let sid: PSID = unsafe { (&raw mut (*(ace as *mut ACCESS_ALLOWED_ACE)).SidStart).cast() };
                // SAFETY: both are valid SIDs.
                if others.iter().any(|o| unsafe { EqualSid(sid, o.0) } != 0) {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_readable_by_its_owner_only_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        // A folder with a Vietnamese name, as a clerk's data folder may have.
        let folder = dir.path().join("Khóa của đơn vị");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("signing.key");
        write_private(&path, b"first").unwrap();
        assert!(is_private(&path).unwrap());
        write_private(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert!(is_private(&path).unwrap());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn an_ordinary_file_is_not_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("thuong.txt");
        std::fs::write(&path, b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        assert!(!is_private(&path).unwrap());
    }
}
