// zh_icu.c — the only file that includes ICU's headers; see zh_icu.h for why.
#include "zh_icu.h"

#include <string.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/uversion.h>

const char *zh_icu_error_name(int32_t error) { return u_errorName((UErrorCode)error); }

void zh_icu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    if (capacity > 0) {
        strncpy(buffer, text, (size_t)capacity - 1);
        buffer[capacity - 1] = 0;
    }
}

// MARK: Word break

struct zh_wordbreak { UBreakIterator *iterator; };

zh_wordbreak *zh_wordbreak_open(const char *locale, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    *error = status;
    if (U_FAILURE(status)) return NULL;
    zh_wordbreak *breaker = malloc(sizeof *breaker);
    if (!breaker) { ubrk_close(iterator); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    breaker->iterator = iterator;
    return breaker;
}

void zh_wordbreak_close(zh_wordbreak *breaker) {
    if (!breaker) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t zh_wordbreak_run(zh_wordbreak *breaker, const uint16_t *text, int32_t length,
                         int32_t *ends, int32_t *statuses, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    int32_t count = 0;
    ubrk_first(breaker->iterator);
    for (int32_t end = ubrk_next(breaker->iterator); end != UBRK_DONE; end = ubrk_next(breaker->iterator)) {
        if (count >= capacity) { *error = U_BUFFER_OVERFLOW_ERROR; return -1; }
        ends[count] = end;
        statuses[count] = ubrk_getRuleStatus(breaker->iterator);
        count++;
    }
    // Let go of the caller's buffer: the iterator must not outlive it.
    ubrk_setText(breaker->iterator, NULL, 0, &status);
    *error = U_ZERO_ERROR;
    return count;
}

// MARK: Normalization and transliteration

int32_t zh_nfkc(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    int32_t needed = unorm2_normalize(nfkc, (const UChar *)src, length, (UChar *)dest, capacity, &status);
    *error = (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) ? U_ZERO_ERROR : status;
    return needed;
}

int32_t zh_fold_case(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = u_strFoldCase((UChar *)dest, capacity, (const UChar *)src, length, U_FOLD_CASE_DEFAULT, &status);
    *error = (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) ? U_ZERO_ERROR : status;
    return needed;
}

struct zh_transliterator { UTransliterator *trans; };

zh_transliterator *zh_transliterator_open(const char *id, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UChar uid[128];
    u_uastrncpy(uid, id, 127);
    uid[127] = 0;
    UTransliterator *trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
    *error = status;
    if (U_FAILURE(status)) return NULL;
    zh_transliterator *t = malloc(sizeof *t);
    if (!t) { utrans_close(trans); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    t->trans = trans;
    return t;
}

void zh_transliterator_close(zh_transliterator *t) {
    if (!t) return;
    utrans_close(t->trans);
    free(t);
}

int32_t zh_transliterate(zh_transliterator *t, uint16_t *buffer, int32_t length, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t textLength = length;
    int32_t limit = length;
    utrans_transUChars(t->trans, (UChar *)buffer, &textLength, capacity, 0, &limit, &status);
    *error = (status == U_STRING_NOT_TERMINATED_WARNING) ? U_ZERO_ERROR : status;
    return textLength;
}

// MARK: Character sets

typedef struct { int32_t replacements; } zh_lenient_context;

// A "substitute" callback that also counts what it substituted, so lenient decoding can report it.
static void zh_count_and_substitute(const void *context, UConverterToUnicodeArgs *args,
                                    const char *codeUnits, int32_t length,
                                    UConverterCallbackReason reason, UErrorCode *err) {
    if (reason <= UCNV_IRREGULAR) ((zh_lenient_context *)context)->replacements++;
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, codeUnits, length, reason, err);
}

int32_t zh_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                            uint16_t *dest, int32_t capacity, int32_t strict,
                            int32_t *error_offset, int32_t *replacements, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    *error_offset = -1;
    *replacements = 0;
    UConverter *conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    zh_lenient_context context = {0};
    if (strict) {
        ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    } else {
        ucnv_setToUCallBack(conv, (UConverterToUCallback)zh_count_and_substitute, &context, NULL, NULL, &status);
    }
    if (U_FAILURE(status)) { ucnv_close(conv); *error = status; return -1; }

    // Convert in pieces so that a failure can be located to its byte offset.
    const char *source = bytes;
    const char *sourceLimit = bytes + length;
    int32_t written = 0;
    UChar chunk[4096];
    int32_t offsets[4096];
    while (1) {
        UChar *target = chunk;
        status = U_ZERO_ERROR;
        const char *before = source;
        ucnv_toUnicode(conv, &target, chunk + 4096, &source, sourceLimit, offsets, 1, &status);
        int32_t produced = (int32_t)(target - chunk);
        for (int32_t i = 0; i < produced; i++) {
            if (written + i < capacity) dest[written + i] = chunk[i];
        }
        written += produced;
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status)) {
            // ICU has consumed the bad sequence: it ends at `source`; its length is in the converter.
            char bad[32];
            int8_t badLength = sizeof bad;
            UErrorCode ignore = U_ZERO_ERROR;
            ucnv_getInvalidChars(conv, bad, &badLength, &ignore);
            *error_offset = (int32_t)(source - bytes) - (U_SUCCESS(ignore) ? badLength : 0);
            (void)before;
            ucnv_close(conv);
            *error = status;
            return -1;
        }
        break;
    }
    ucnv_close(conv);
    *replacements = context.replacements;
    *error = U_ZERO_ERROR;
    return written;
}

int32_t zh_detect_charset(const char *bytes, int32_t length, char *name, int32_t name_capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    ucsdet_setText(detector, bytes, length, &status);
    const UCharsetMatch *match = ucsdet_detect(detector, &status);
    if (U_FAILURE(status) || match == NULL) {
        ucsdet_close(detector);
        *error = U_FAILURE(status) ? status : U_INVALID_FORMAT_ERROR;
        return -1;
    }
    const char *detected = ucsdet_getName(match, &status);
    int32_t confidence = ucsdet_getConfidence(match, &status);
    if (name_capacity > 0) {
        strncpy(name, detected ? detected : "", (size_t)name_capacity - 1);
        name[name_capacity - 1] = 0;
    }
    ucsdet_close(detector);
    *error = status;
    return U_FAILURE(status) ? -1 : confidence;
}
