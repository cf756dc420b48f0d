/*
 * bcryptprimitives.dll for the throwaway Wine prefix of the Windows build (never shipped, never in the exe).
 *
 * Rust >= 1.78 programs on Windows get their random numbers from bcryptprimitives!ProcessPrng (present in
 * every Windows 10/11). python-calamine's _python_calamine.pyd is one; Wine 8 has no bcryptprimitives.dll at
 * all, so the module fails to load under Wine ("DLL load failed"). This DLL provides ProcessPrng on top of
 * bcrypt!BCryptGenRandom, which Wine implements.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE; /* documented to always succeed */
}

BOOL WINAPI DllMainCRTStartup(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
