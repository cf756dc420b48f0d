/*
 * propsys.dll shim for the throwaway Wine prefix of the Windows build (never shipped, never in the exe).
 *
 * CPython >= 3.12's _wmi.pyd (platform.win32_ver() and friends) calls propsys!VariantToString, a stub in
 * Wine 8 that aborts the process. This DLL forwards every named export to a copy of Wine's builtin propsys
 * named winepropsys.dll (forwarders generated into propsys.def by build.sh) and implements VariantToString.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <oleauto.h>

#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)

HRESULT WINAPI shim_VariantToString(const VARIANT *in, WCHAR *buffer, UINT chars)
{
    VARIANT text;
    HRESULT hr;
    UINT i, n;

    if (buffer == NULL || chars == 0)
        return E_INVALIDARG;
    buffer[0] = 0;
    if (in == NULL || V_VT(in) == VT_EMPTY || V_VT(in) == VT_NULL)
        return S_OK;
    VariantInit(&text);
    hr = VariantChangeType(&text, (VARIANT *)in, 0, VT_BSTR);
    if (FAILED(hr))
        return hr;
    n = SysStringLen(V_BSTR(&text));
    for (i = 0; i < n && i + 1 < chars; i++)
        buffer[i] = V_BSTR(&text)[i];
    buffer[i] = 0;
    VariantClear(&text);
    return i < n ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

BOOL WINAPI DllMainCRTStartup(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
