// zh_icu.h — the slice of ICU that zhtext uses, behind plain C types.
//
// Swift's Foundation on Linux bundles its own ICU headers, so importing the system's
// <unicode/*.h> next to Foundation fails (duplicate UErrorCode), and ICU's version-suffixed
// function names are macros Swift cannot import. This header therefore mentions no ICU type:
// text is UTF-16 as uint16_t, errors are ICU's UErrorCode values as int32_t (0 = success,
// > 0 = failure), and ICU objects are opaque pointers. Only zh_icu.c includes ICU.
#ifndef ZH_ICU_H
#define ZH_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Asks the CPU to start loading the cache line at `address` (no effect on results). Not ICU:
/// it lives here because this is zhtext's one C target, and Swift has no prefetch of its own;
/// the segmenter uses it to overlap the lexicon trie's cache misses.
static inline void zh_prefetch(const void *address) { __builtin_prefetch(address); }

/// Adds `value` to `*counter` as one indivisible step, whatever other threads do to it at the
/// same time, and returns what it was before. Not ICU either: the new-word discovery's threads
/// count into shared arrays with it (Swift's atomics hold single values, not an array's).
static inline long zh_atomic_add(long *counter, long value) { return __atomic_fetch_add(counter, value, __ATOMIC_RELAXED); }

/// Sets the C allocator's two thresholds and its pad (glibc's M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
/// and M_TOP_PAD; no effect elsewhere): blocks up to `mmap_threshold` bytes come from the heap
/// and are reused once freed; free memory above `trim_threshold` at a heap's top goes back to
/// the system, all but `top_pad` bytes of it, and a heap grows by `top_pad` bytes more than it
/// must (0 leaves the pad as it is: glibc's default is 128 KiB). Not ICU either: for the
/// command-line tool, whose corpus runs free large documents one after another.
void zh_tune_allocator(int32_t mmap_threshold, int32_t trim_threshold, int32_t top_pad);

/// Gives the system back the C allocator's free memory, in the middle of its heaps as well as
/// at their top (glibc's malloc_trim; no effect elsewhere): after a phase that freed much, the
/// pages it used would otherwise stay with the process for the rest of the run.
void zh_release_free_memory(void);

/// Human-readable name of an ICU error code (e.g. "U_INVALID_CHAR_FOUND").
const char *zh_icu_error_name(int32_t error);

/// ICU's version string, e.g. "72.1".
void zh_icu_version(char *buffer, int32_t capacity);

// MARK: Word break

typedef struct zh_wordbreak zh_wordbreak;

/// Opens a word break iterator for `locale` (e.g. "zh"). NULL on failure, with *error set.
zh_wordbreak *zh_wordbreak_open(const char *locale, int32_t *error);
void zh_wordbreak_close(zh_wordbreak *breaker);

/// Splits `text[0..<length]` into words. Writes each segment's end offset (UTF-16 units; the
/// first segment starts at 0) to `ends` and ICU's rule status for it to `statuses` (0..99 none,
/// 100..199 number, 200..299 letter, 300..399 kana, 400..499 ideographic). `capacity` must be
/// at least `length`. Returns the number of segments, or -1 with *error set.
int32_t zh_wordbreak_run(zh_wordbreak *breaker, const uint16_t *text, int32_t length,
                         int32_t *ends, int32_t *statuses, int32_t capacity, int32_t *error);

// MARK: Normalization and transliteration

/// NFKC-normalizes `src`. Writes at most `capacity` units to `dest` and returns the full
/// length needed (call again with a bigger buffer when it exceeds `capacity`).
int32_t zh_nfkc(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *error);

/// Full Unicode case folding (default options). Same buffer contract as zh_nfkc.
int32_t zh_fold_case(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *error);

typedef struct zh_transliterator zh_transliterator;

/// Opens an ICU transliterator by id, e.g. "Traditional-Simplified". NULL on failure.
zh_transliterator *zh_transliterator_open(const char *id, int32_t *error);
void zh_transliterator_close(zh_transliterator *transliterator);

/// Transliterates `buffer[0..<length]` in place. Returns the new length; if it exceeds
/// `capacity` the text was not changed and *error is set (ICU's U_BUFFER_OVERFLOW_ERROR).
int32_t zh_transliterate(zh_transliterator *transliterator, uint16_t *buffer, int32_t length,
                         int32_t capacity, int32_t *error);

// MARK: Character sets

/// Converts `length` bytes in `charset` (an ICU converter name such as "GB18030", "Big5",
/// "UTF-16LE") to UTF-16. With `strict` != 0 an invalid or unmappable byte sequence stops the
/// conversion: the return is -1, *error is set and *error_offset holds the byte offset of the
/// offending sequence. Otherwise such bytes become U+FFFD, *replacements counts them and
/// *error_offset holds the byte offset of the first one (-1 when there was none).
/// When `offsets` is not NULL, offsets[k] receives the byte offset of the sequence that produced
/// dest[k] (same capacity as `dest`). Returns the number of UTF-16 units needed; if it exceeds
/// `capacity`, call again with bigger buffers.
int32_t zh_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                            uint16_t *dest, int32_t *offsets, int32_t capacity, int32_t strict,
                            int32_t *error_offset, int32_t *replacements, int32_t *error);

/// Converts UTF-16 to `charset`; characters the charset cannot encode stop the conversion
/// (-1, *error set). Same buffer contract as zh_convert_to_utf16.
int32_t zh_convert_from_utf16(const char *charset, const uint16_t *src, int32_t length,
                              char *dest, int32_t capacity, int32_t *error);

/// The canonical ICU name of a converter (e.g. "GB18030" for "gb18030"), or NULL with *error
/// set when ICU has no converter of that name.
const char *zh_converter_name(const char *charset, int32_t *error);

/// Guesses the character set of `bytes` with ICU's detector: up to `max_matches` candidates,
/// best first. Writes candidate k's canonical name to names + k * name_capacity and its
/// confidence (0..100) to confidences[k]. Returns the number of candidates, or -1 with *error set.
int32_t zh_detect_charsets(const char *bytes, int32_t length, char *names, int32_t name_capacity,
                           int32_t *confidences, int32_t max_matches, int32_t *error);

#ifdef __cplusplus
}
#endif

#endif
