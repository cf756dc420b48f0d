/*
 * ucrtbase.dll shim for the throwaway Wine prefix of the Windows build (never shipped, never in the exe).
 *
 * Wine 8's builtin ucrtbase has stubs for the C99 complex accessors below; every numpy 2.x cp313 Windows wheel
 * imports crealf, so "import numpy" fails under Wine. This DLL forwards every other export to a copy of Wine's
 * builtin ucrtbase named wineucrt.dll (the forwarders are generated into ucrtbase.def by build.sh) and
 * implements these seven. Built with -nostdlib: no C runtime of its own.
 */
typedef struct { float v[2]; } Fcomplex;
typedef struct { double v[2]; } Dcomplex;

float shim_crealf(Fcomplex z) { return z.v[0]; }
float shim_cimagf(Fcomplex z) { return z.v[1]; }
double shim_creal(Dcomplex z) { return z.v[0]; }
double shim_cimag(Dcomplex z) { return z.v[1]; }
/* long double is double in the MSVC ABI */
double shim_creall(Dcomplex z) { return z.v[0]; }
double shim_cimagl(Dcomplex z) { return z.v[1]; }
float shim_cabsf(Fcomplex z)
{
    return (float)__builtin_sqrt((double)z.v[0] * z.v[0] + (double)z.v[1] * z.v[1]);
}

int __stdcall DllMainCRTStartup(void *instance, unsigned reason, void *reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return 1;
}
