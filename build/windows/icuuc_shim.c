/*
 * icuuc.dll for the throwaway Wine prefix of the Windows build (never shipped, never in the exe).
 *
 * Qt >= 6.10 on Windows links the ICU that Windows 10 (1703+) and 11 ship in system32 (icuuc.dll). Wine 8 has
 * no ICU, so Qt6Core.dll (and with it every PySide6 module) fails to load under Wine ("DLL load failed").
 * Qt6Core 6.12 imports only ICU's converter API (ucnv_*), used by QStringConverter for encodings other than
 * the built-in UTF-8/UTF-16/UTF-32/Latin-1. This stub provides those 20 functions as "no converter available":
 * ucnv_open fails, no converter is listed, so Qt falls back to its built-in codecs. The app converts text with
 * Python, never through QStringConverter, so the smoke test under Wine exercises the same code as Windows.
 * On a real PC the exe uses Windows' own icuuc.dll; this file only lets Qt load under Wine.
 */
#include <stdint.h>
#include <stddef.h>

typedef int UErrorCode;
typedef uint16_t UChar;
typedef int8_t UBool;
typedef void UConverter;
typedef void (*UCallback)(void);

#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16

static void fail(UErrorCode *err, UErrorCode code)
{
    if (err != NULL && *err <= 0)
        *err = code;
}

UConverter *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    fail(err, U_FILE_ACCESS_ERROR);
    return NULL;
}

void ucnv_close(UConverter *cnv) { (void)cnv; }
void ucnv_reset(UConverter *cnv) { (void)cnv; }
int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 4; }

const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{
    (void)name;
    (void)standard;
    fail(err, U_FILE_ACCESS_ERROR);
    return NULL;
}

const char *ucnv_getName(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err, U_UNSUPPORTED_ERROR);
    return NULL;
}

int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err, U_UNSUPPORTED_ERROR);
    return 0;
}

int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err, U_UNSUPPORTED_ERROR);
    return 0;
}

void ucnv_fromUnicode(UConverter *cnv, char **target, const char *targetLimit, const UChar **source,
                      const UChar *sourceLimit, int32_t *offsets, UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets; (void)flush;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *targetLimit, const char **source,
                    const char *sourceLimit, int32_t *offsets, UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets; (void)flush;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_setFromUCallBack(UConverter *cnv, UCallback action, const void *context, UCallback *oldAction,
                           const void **oldContext, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    if (oldAction != NULL)
        *oldAction = NULL;
    if (oldContext != NULL)
        *oldContext = NULL;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_setToUCallBack(UConverter *cnv, UCallback action, const void *context, UCallback *oldAction,
                         const void **oldContext, UErrorCode *err)
{
    ucnv_setFromUCallBack(cnv, action, context, oldAction, oldContext, err);
}

void ucnv_getFromUCallBack(const UConverter *cnv, UCallback *action, const void **context)
{
    (void)cnv;
    if (action != NULL)
        *action = NULL;
    if (context != NULL)
        *context = NULL;
}

void ucnv_getToUCallBack(const UConverter *cnv, UCallback *action, const void **context)
{
    ucnv_getFromUCallBack(cnv, action, context);
}

/* The standard callbacks and the helpers they use: never reached, as no converter is ever opened. */
void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
void ucnv_cbFromUWriteUChars(void) {}
void ucnv_cbToUWriteUChars(void) {}

int __stdcall DllMainCRTStartup(void *instance, unsigned reason, void *reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return 1;
}
