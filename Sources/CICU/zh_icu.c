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

typedef struct {
    int32_t replacements;
    int32_t first_offset;
    /// Where the caller's bytes start, so a callback can locate the sequence it replaces.
    const char *base;
} zh_lenient_context;

// A "substitute" callback that also counts what it substituted and where the first one was,
// so lenient decoding can report it.
static void zh_count_and_substitute(const void *context, UConverterToUnicodeArgs *args,
                                    const char *codeUnits, int32_t length,
                                    UConverterCallbackReason reason, UErrorCode *err) {
    zh_lenient_context *lenient = (zh_lenient_context *)context;
    if (reason <= UCNV_IRREGULAR) {
        if (lenient->replacements == 0) {
            // args->source is just past the offending sequence, which is `length` bytes long
            // (or partly held in the converter from a previous call: then clamp to 0).
            int32_t offset = (int32_t)(args->source - lenient->base) - length;
            lenient->first_offset = offset < 0 ? 0 : offset;
        }
        lenient->replacements++;
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, codeUnits, length, reason, err);
}

int32_t zh_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                            uint16_t *dest, int32_t *offsets, int32_t capacity, int32_t strict,
                            int32_t *error_offset, int32_t *replacements, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    *error_offset = -1;
    *replacements = 0;
    UConverter *conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    zh_lenient_context context = {0, -1, bytes};
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
    int32_t lastOffset = 0;
    UChar chunk[4096];
    int32_t chunkOffsets[4096];
    while (1) {
        UChar *target = chunk;
        status = U_ZERO_ERROR;
        const char *before = source;
        ucnv_toUnicode(conv, &target, chunk + 4096, &source, sourceLimit, chunkOffsets, 1, &status);
        int32_t produced = (int32_t)(target - chunk);
        for (int32_t i = 0; i < produced; i++) {
            // Offsets are relative to this call's start; -1 (output from bytes an earlier call
            // left in the converter) keeps the previous offset.
            if (chunkOffsets[i] >= 0) lastOffset = (int32_t)(before - bytes) + chunkOffsets[i];
            if (written + i < capacity) {
                dest[written + i] = chunk[i];
                if (offsets) offsets[written + i] = lastOffset;
            }
        }
        written += produced;
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status)) {
            // ICU has consumed the bad sequence: it ends at `source`; its length is in the converter.
            char bad[32];
            int8_t badLength = sizeof bad;
            UErrorCode ignore = U_ZERO_ERROR;
            ucnv_getInvalidChars(conv, bad, &badLength, &ignore);
            int32_t offset = (int32_t)(source - bytes) - (U_SUCCESS(ignore) ? badLength : 0);
            *error_offset = offset < 0 ? 0 : offset;
            ucnv_close(conv);
            *error = status;
            return -1;
        }
        break;
    }
    ucnv_close(conv);
    *replacements = context.replacements;
    if (!strict) *error_offset = context.first_offset;
    *error = U_ZERO_ERROR;
    return written;
}

int32_t zh_convert_from_utf16(const char *charset, const uint16_t *src, int32_t length,
                              char *dest, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    int32_t needed = ucnv_fromUChars(conv, dest, capacity, (const UChar *)src, length, &status);
    ucnv_close(conv);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
    *error = status;
    return U_FAILURE(status) ? -1 : needed;
}

const char *zh_converter_name(const char *charset, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *error = status; return NULL; }
    // The canonical name is a static string owned by ICU's alias table, valid after closing.
    const char *name = ucnv_getName(conv, &status);
    ucnv_close(conv);
    *error = status;
    return U_FAILURE(status) ? NULL : name;
}

int32_t zh_detect_charsets(const char *bytes, int32_t length, char *names, int32_t name_capacity,
                           int32_t *confidences, int32_t max_matches, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    ucsdet_setText(detector, bytes, length, &status);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(detector, &found, &status);
    if (U_FAILURE(status) || matches == NULL) {
        ucsdet_close(detector);
        *error = U_FAILURE(status) ? status : U_INVALID_FORMAT_ERROR;
        return -1;
    }
    int32_t count = 0;
    for (int32_t i = 0; i < found && count < max_matches; i++) {
        UErrorCode matchStatus = U_ZERO_ERROR;
        const char *detected = ucsdet_getName(matches[i], &matchStatus);
        int32_t confidence = ucsdet_getConfidence(matches[i], &matchStatus);
        if (U_FAILURE(matchStatus) || detected == NULL || name_capacity <= 0) continue;
        char *name = names + (size_t)count * (size_t)name_capacity;
        strncpy(name, detected, (size_t)name_capacity - 1);
        name[name_capacity - 1] = 0;
        confidences[count] = confidence;
        count++;
    }
    ucsdet_close(detector);
    *error = U_ZERO_ERROR;
    return count;
}

// MARK: Memory

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void zh_tune_allocator(int32_t mmap_threshold, int32_t trim_threshold, int32_t top_pad) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
    if (top_pad > 0) mallopt(M_TOP_PAD, top_pad);
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    (void)top_pad;
#endif
}

void zh_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
