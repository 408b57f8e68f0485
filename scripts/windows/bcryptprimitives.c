/* A stand-in for Windows' bcryptprimitives.dll, for running our Windows binaries under Wine 8.
 *
 * Rust's standard library on Windows gets its random numbers from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and later); Wine 8 has no such DLL, so every Rust program
 * stops at start ("bcryptprimitives.dll not found"). This one exports ProcessPrng and fills the
 * buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine has. It is placed beside
 * the .exe only for the tests under Wine; real Windows has its own and never sees this file.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
