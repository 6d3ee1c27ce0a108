/* The engine's per-character passes in C: the normaliser's two (moderation/engine/fold.py and normalise.py: the same
 * strings and offset maps) and the lexicon automaton's prefilter, without the cost per call of numpy, the regexes and
 * the automaton (on comment-sized real text that cost, not the characters, was most of the engine's time: 17 us of a
 * document's 42 went to the normaliser alone).
 *
 * fold(text): the 1:1 folding table lookup of fold.fold_bmp / fold.fold_wide.  A text of one- or two-byte characters
 * is looked up in the UTF-16 table (set_fold16: 65,536 uint16), and in the code-point table where that one meets a
 * sentinel, as fold_bmp falls back on fold_wide; a text holding an astral character in the code-point table
 * (set_fold32: 0x30000 uint32, every code point above it reads as its last entry, as numpy's take(mode="clip")
 * does).  Returns the text itself when nothing changes, the folded text otherwise, and None when a character maps to
 * the sentinel U+FFFF (the caller then takes the next slower path, exactly as the numpy code does) or when the table
 * has not been set.  OpenCC's phrases are not rewritten here: where a phrase that OpenCC reads otherwise than
 * character by character occurs in a text holding a character OpenCC converts (only then does OpenCC run on it), it
 * returns None as well (rare: 乾坤 in a traditional text).
 *
 * noise(text): the contact level's deletions (normalise._noise_deletions_reference): a maximal run of noise
 * characters (invisible, horizontal space, symbol) goes when it is at most MAX_NOISE_RUN long and sits between two
 * alphanumerics (between two CJK ideographs if it holds a space); otherwise only its invisible characters go, each a
 * run of its own (as the deletion regex's re.split reports them).  The classes of the BMP come from set_noise (65,536
 * bytes of the bits below, computed in Python from the same regex classes and str.isalnum); above the BMP they are
 * the few ranges of charclass._INVISIBLE_ASTRAL, _SYMBOLS_ASTRAL and CJK_CLASS, and Py_UNICODE_ISALNUM
 * (what str.isalnum and the regexes' [^\W_] test).  Returns None when nothing goes, else (contact, at, cum, lens):
 * DeletionMap's arrays (the contact index in front of which run k went, the characters gone up to and including
 * run k, run k's length).
 *
 * may_match(text, gates, slots): False when no pattern of a lexicon's automaton can occur in text, read as UTF-16
 * code units as the automaton reads it: no unit that is a whole pattern, no two or three units that are one, and no
 * four that begin a longer one (gates: a byte per unit, ONE | TWO | THREE | FOUR below, saying what it may begin,
 * followed by a bitmap of hashes of the patterns' first two units;
 * slots: a hash set of the two- and three-unit patterns and of a hash of the longer ones' first four units, see
 * key_in).  Never False where a pattern occurs: True only says the automaton must look.  Most real text holds no
 * pattern, and ahocorasick_rs costs ~2 us a call on it, the scan here a third of that (the automaton's own
 * prefilters are for patterns with rare bytes, which a Chinese lexicon in UTF-16 does not have).
 *
 * quiet(text, gates, slots): all of the above and the detectors' probes in one call, True when the engine certainly
 * finds nothing in the text (see its comment below): Engine._clean.
 *
 * Built by setup.py as an optional extension: without a compiler the numpy and regex code runs instead, and
 * tests/engine/test_textscan_native.py holds the two equal. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define INV 1
#define HSP 2
#define SYM 4
#define ALNUM 8
#define CJK 16
#define NOISE (INV | HSP | SYM)
#define MAX_NOISE_RUN 4
#define SENTINEL 0xFFFF
#define WIDE_SIZE 0x30000

static inline int bit(const uint8_t *map, Py_UCS4 c) { return map[c >> 3] & (1 << (c & 7)); }

static PyObject *fold16_obj, *fold32_obj, *noise_obj; /* the tables' owners (bytes), kept alive */
static const uint16_t *fold16;
static const uint32_t *fold32;
static const uint8_t *noise_cls;

static int take_table(PyObject *arg, Py_ssize_t size, PyObject **owner, const void **data) {
    if (!PyBytes_Check(arg) || PyBytes_GET_SIZE(arg) != size) {
        PyErr_Format(PyExc_ValueError, "the table must be %zd bytes", size);
        return -1;
    }
    Py_INCREF(arg);
    Py_XSETREF(*owner, arg);
    *data = PyBytes_AS_STRING(arg);
    return 0;
}

/* The first two characters of each phrase OpenCC reads otherwise than character by character (fold._fmm): a text
 * holding one of these pairs may hold such a phrase, and fold() leaves it to the slower path, which reads them. */
/* The phrases OpenCC reads otherwise than character by character (fold._fmm's differing ones), sorted: their first
 * two characters as (first << 16) | second, where each starts in phrase_chars, and its length. */
static PyObject *phrases_obj;
static uint32_t *pairs, *phrase_at, *phrase_len;
static Py_ssize_t n_pairs;
static const uint16_t *phrase_chars;
static uint8_t pair_first[0x10000 / 8];

/* Whether one of the phrases begins at character i of the n characters of (kind, data). */
static int phrase_here(int kind, const void *data, Py_ssize_t i, Py_ssize_t n) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c > 0xFFFF || !bit(pair_first, c) || i + 1 >= n) return 0;
    Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
    if (d > 0xFFFF) return 0;
    uint32_t key = (c << 16) | d;
    Py_ssize_t lo = 0, hi = n_pairs;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (pairs[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    for (Py_ssize_t k = lo; k < n_pairs && pairs[k] == key; k++) {
        Py_ssize_t len = phrase_len[k], j = 2;
        if (len > n - i) continue;
        while (j < len && PyUnicode_READ(kind, data, i + j) == phrase_chars[phrase_at[k] + j]) j++;
        if (j == len) return 1;
    }
    return 0;
}

static PyObject *trad_obj;
static const uint8_t *trad_bits; /* the characters OpenCC converts (a 65,536-bit map): only then it runs at all */

static PyObject *set_fold16(PyObject *self, PyObject *args) {
    PyObject *lut, *phrases, *trad;
    if (!PyArg_ParseTuple(args, "SSS", &lut, &phrases, &trad)) return NULL;
    Py_ssize_t units = PyBytes_GET_SIZE(phrases) / 2, count = 0;
    const uint16_t *chars = (const uint16_t *)PyBytes_AS_STRING(phrases);
    if (PyBytes_GET_SIZE(phrases) % 2 || (units && chars[units - 1] != 0)) {
        PyErr_SetString(PyExc_ValueError, "the phrases must be UTF-16 units, each ended by a 0");
        return NULL;
    }
    for (Py_ssize_t u = 0; u < units; u++) count += chars[u] == 0;
    uint32_t *at = PyMem_Malloc((count + 1) * 4), *len = PyMem_Malloc((count + 1) * 4), *pr = PyMem_Malloc((count + 1) * 4);
    if (at == NULL || len == NULL || pr == NULL) {
        PyMem_Free(at);
        PyMem_Free(len);
        PyMem_Free(pr);
        return PyErr_NoMemory();
    }
    Py_ssize_t k = 0, start = 0;
    for (Py_ssize_t u = 0; u < units; u++) {
        if (chars[u] != 0) continue;
        if (u - start < 2 || (k && ((uint32_t)chars[start] << 16 | chars[start + 1]) < pr[k - 1])) {
            PyMem_Free(at);
            PyMem_Free(len);
            PyMem_Free(pr);
            PyErr_SetString(PyExc_ValueError, "the phrases must be sorted and of two characters or more");
            return NULL;
        }
        pr[k] = (uint32_t)chars[start] << 16 | chars[start + 1];
        at[k] = (uint32_t)start;
        len[k++] = (uint32_t)(u - start);
        start = u + 1;
    }
    if (take_table(trad, 0x10000 / 8, &trad_obj, (const void **)&trad_bits) < 0 ||
        take_table(lut, 0x10000 * 2, &fold16_obj, (const void **)&fold16) < 0) {
        PyMem_Free(at);
        PyMem_Free(len);
        PyMem_Free(pr);
        return NULL;
    }
    PyMem_Free(pairs);
    PyMem_Free(phrase_at);
    PyMem_Free(phrase_len);
    pairs = pr, phrase_at = at, phrase_len = len, n_pairs = count;
    Py_INCREF(phrases);
    Py_XSETREF(phrases_obj, phrases);
    phrase_chars = chars;
    memset(pair_first, 0, sizeof pair_first);
    for (Py_ssize_t j = 0; j < n_pairs; j++) {
        uint32_t c = pairs[j] >> 16;
        pair_first[c >> 3] |= (uint8_t)(1 << (c & 7));
    }
    Py_RETURN_NONE;
}

static PyObject *set_fold32(PyObject *self, PyObject *arg) {
    if (take_table(arg, WIDE_SIZE * 4, &fold32_obj, (const void **)&fold32) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_noise(PyObject *self, PyObject *arg) {
    if (take_table(arg, 0x10000, &noise_obj, (const void **)&noise_cls) < 0) return NULL;
    Py_RETURN_NONE;
}

/* Folds the n characters of (kind, data) into out[0..n) by the tables.  1: done (*changed says whether any character
 * changed); 0: the tables cannot say (no table for this kind of text, a sentinel, or a phrase OpenCC reads as a whole
 * in a text holding a character OpenCC converts: OpenCC runs on that text, and fold.py reads its phrases). */
static int fold_units(int kind, const void *data, Py_ssize_t n, Py_UCS4 *out, int *changed) {
    /* A text of one- or two-byte characters is read with the UTF-16 table, and with the code-point table where that
     * one meets a sentinel (a character whose folding leaves the BMP: 嗰), as fold_bmp falls back on fold_wide. */
    int wide = kind == PyUnicode_4BYTE_KIND;
    if (wide ? fold32 == NULL : fold16 == NULL) return 0;
again:;
    int phrase = 0, trad = 0, diff = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i), v;
        v = wide ? fold32[c < WIDE_SIZE ? c : WIDE_SIZE - 1] : fold16[c];
        if (v == SENTINEL) {
            if (wide || fold32 == NULL) return 0;
            wide = 1;
            goto again;
        }
        if (c < 0x10000) {
            trad |= bit(trad_bits, c);
            phrase = phrase || phrase_here(kind, data, i, n);
        }
        diff |= v != c;
        out[i] = v;
    }
    if (phrase && trad) return 0;
    *changed = diff;
    return 1;
}

#define STACK_CHARS 512

static PyObject *fold(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "fold() takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 stack[STACK_CHARS], *out = stack;
    if (n > STACK_CHARS && (out = PyMem_Malloc(n * sizeof(Py_UCS4))) == NULL) return PyErr_NoMemory();
    int changed = 0;
    PyObject *r;
    if (!fold_units(PyUnicode_KIND(text), PyUnicode_DATA(text), n, out, &changed)) {
        r = Py_NewRef(Py_None);
    } else if (!changed) {
        r = Py_NewRef(text);
    } else {
        /* FromKindAndData narrows to the smallest kind that holds the result: the canonical form str's == relies on. */
        r = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    }
    if (out != stack) PyMem_Free(out);
    return r;
}

static inline uint8_t cls(Py_UCS4 c) {
    if (c < 0x10000) return noise_cls[c];
    uint8_t f = 0;
    if (c >= 0xE0000 && c <= 0xE007F) f |= INV;
    if (c >= 0x1F000 && c <= 0x1FAFF) f |= SYM;
    if (c >= 0x20000 && c <= 0x2FA1F) f |= CJK;
    if (Py_UNICODE_ISALNUM(c)) f |= ALNUM;
    return f;
}

/* The next run of noise characters at or after i in the n characters of (kind, data): its start (*a, n when there
 * is none) and its end (returned), the classes seen in it, and whether the contact level deletes it whole: at most
 * MAX_NOISE_RUN long, between two alphanumerics, and between two CJK ideographs if it holds a space. */
static Py_ssize_t noise_run(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, Py_ssize_t *a, uint8_t *seen,
                            int *whole) {
    while (i < n && !(cls(PyUnicode_READ(kind, data, i)) & NOISE)) i++;
    *a = i;
    uint8_t s = 0, f;
    while (i < n && ((f = cls(PyUnicode_READ(kind, data, i))) & NOISE)) {
        s |= f;
        i++;
    }
    *seen = s;
    *whole = 0;
    if (*a < n && i - *a <= MAX_NOISE_RUN && *a > 0 && i < n) {
        uint8_t before = cls(PyUnicode_READ(kind, data, *a - 1)), after = cls(PyUnicode_READ(kind, data, i));
        *whole = (before & ALNUM) && (after & ALNUM) && (!(s & HSP) || ((before & CJK) && (after & CJK)));
    }
    return i;
}

typedef struct {
    Py_ssize_t *start, *len;
    Py_ssize_t count, cap;
} Runs;

static int push(Runs *r, Py_ssize_t start, Py_ssize_t len) {
    if (r->count == r->cap) {
        Py_ssize_t cap = r->cap ? 2 * r->cap : 16;
        Py_ssize_t *s = PyMem_Realloc(r->start, cap * sizeof(Py_ssize_t));
        if (s == NULL) return -1;
        r->start = s;
        Py_ssize_t *l = PyMem_Realloc(r->len, cap * sizeof(Py_ssize_t));
        if (l == NULL) return -1;
        r->len = l;
        r->cap = cap;
    }
    r->start[r->count] = start;
    r->len[r->count] = len;
    r->count++;
    return 0;
}

static PyObject *build_result(PyObject *text, Runs *runs) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), gone = 0;
    int kind = PyUnicode_KIND(text);
    const char *data = PyUnicode_DATA(text);
    for (Py_ssize_t k = 0; k < runs->count; k++) gone += runs->len[k];
    char *buf = PyMem_Malloc((n - gone + 1) * kind);
    PyObject *at = PyList_New(runs->count), *cum = PyList_New(runs->count), *lens = PyList_New(runs->count);
    PyObject *contact = NULL, *result = NULL;
    if (buf == NULL || at == NULL || cum == NULL || lens == NULL) {
        if (buf == NULL) PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t prev = 0, w = 0, so_far = 0;
    for (Py_ssize_t k = 0; k < runs->count; k++) {
        Py_ssize_t a = runs->start[k];
        memcpy(buf + w * kind, data + prev * kind, (a - prev) * kind);
        w += a - prev;
        so_far += runs->len[k];
        prev = a + runs->len[k];
        PyObject *x = PyLong_FromSsize_t(w), *y = PyLong_FromSsize_t(so_far), *z = PyLong_FromSsize_t(runs->len[k]);
        if (x == NULL || y == NULL || z == NULL) {
            Py_XDECREF(x);
            Py_XDECREF(y);
            Py_XDECREF(z);
            goto done;
        }
        PyList_SET_ITEM(at, k, x);
        PyList_SET_ITEM(cum, k, y);
        PyList_SET_ITEM(lens, k, z);
    }
    memcpy(buf + w * kind, data + prev * kind, (n - prev) * kind);
    w += n - prev;
    contact = PyUnicode_FromKindAndData(kind, buf, w); /* narrowed where a deleted character was the widest */
    if (contact != NULL) result = PyTuple_Pack(4, contact, at, cum, lens);
done:
    PyMem_Free(buf);
    Py_XDECREF(contact);
    Py_XDECREF(at);
    Py_XDECREF(cum);
    Py_XDECREF(lens);
    return result;
}

static PyObject *noise(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "noise() takes a str");
        return NULL;
    }
    if (noise_cls == NULL) Py_RETURN_NONE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Runs runs = {NULL, NULL, 0, 0};
    for (Py_ssize_t i = 0, a, b; i < n; i = b) {
        uint8_t seen;
        int whole;
        b = noise_run(kind, data, n, i, &a, &seen, &whole);
        if (whole) {
            if (push(&runs, a, b - a) < 0) goto fail;
        } else if (seen & INV) {
            for (Py_ssize_t j = a; j < b; j++) {
                if ((cls(PyUnicode_READ(kind, data, j)) & INV) && push(&runs, j, 1) < 0) goto fail;
            }
        }
    }
    PyObject *r;
    if (runs.count == 0) {
        r = Py_NewRef(Py_None);
    } else {
        r = build_result(text, &runs);
    }
    PyMem_Free(runs.start);
    PyMem_Free(runs.len);
    return r;
fail:
    PyMem_Free(runs.start);
    PyMem_Free(runs.len);
    return PyErr_NoMemory();
}

#define ONE 1   /* the unit is a pattern */
#define TWO 2   /* the unit begins a pattern of two units */
#define THREE 4 /* the unit begins a pattern of three units */
#define FOUR 8  /* the unit begins a longer pattern */
#define PAIR_TAG (UINT64_C(1) << 48)
#define TRIPLE_TAG (UINT64_C(2) << 48)
#define QUAD_TAG (UINT64_C(3) << 48)
#define HASH_MUL UINT64_C(0x9E3779B97F4A7C15)

/* Open addressing, linear probing; a slot holds its key + 1 (0: empty).  The table is a power of two in size and at
 * most a quarter full (prefilter.tables), so a lookup reads about one slot. */
static inline int key_in(const uint64_t *slots, uint64_t mask, int shift, uint64_t key) {
    uint64_t h = (key * HASH_MUL) >> shift;
    for (;;) {
        uint64_t v = slots[h & mask];
        if (v == 0) return 0;
        if (v == key + 1) return 1;
        h++;
    }
}

#define PAIR_BITS_LOG 18 /* the bitmap of the first two units of the patterns: 2^18 bits, 32 KiB */
typedef struct {
    const uint8_t *gates;
    const uint8_t *pairs;
    const uint64_t *slots;
    uint64_t mask;
    int shift;
} Patterns;

/* The tables of may_match's and quiet's second and third arguments; -1 with TypeError set if they are not. */
static int patterns_of(PyObject *gates, PyObject *slots, Patterns *p) {
    Py_ssize_t size = PyBytes_Check(slots) ? PyBytes_GET_SIZE(slots) / 8 : 0;
    if (!PyBytes_Check(gates) || PyBytes_GET_SIZE(gates) != 0x10000 + (1 << PAIR_BITS_LOG) / 8 || size < 2 ||
        (size & (size - 1)) || PyBytes_GET_SIZE(slots) % 8) {
        PyErr_SetString(PyExc_TypeError, "the tables must be prefilter.tables()' (two bytes objects)");
        return -1;
    }
    p->gates = (const uint8_t *)PyBytes_AS_STRING(gates);
    p->pairs = p->gates + 0x10000;
    p->slots = (const uint64_t *)PyBytes_AS_STRING(slots);
    p->mask = (uint64_t)size - 1;
    p->shift = 64;
    while (((uint64_t)1 << (64 - p->shift)) < (uint64_t)size) p->shift--;
    return 0;
}

/* Whether some pattern may begin with the two units (prefilter.tables' bitmap of their hashes: never a false no). */
static inline int pair_begins(const Patterns *p, uint64_t two) {
    uint64_t b = (two * HASH_MUL) >> (64 - PAIR_BITS_LOG);
    return p->pairs[b >> 3] & (1 << (b & 7));
}

/* 48 bits of a hash of four units (prefilter._quad). */
static inline uint64_t quad_key(uint64_t three, uint64_t fourth) { return (((three << 16) | fourth) * HASH_MUL) >> 16; }

/* Whether a pattern begins at unit i of units s[0..n) (of type T: a text of one- or two-byte characters is its own
 * code units). */
#define BEGINS(T)                                                                                                   \
    static inline int begins_##T(const Patterns *p, const T *s, Py_ssize_t i, Py_ssize_t n) {                       \
        uint8_t g = p->gates[s[i]];                                                                                 \
        if (!g) return 0;                                                                                           \
        if (g & ONE) return 1;                                                                                      \
        if (i + 1 >= n) return 0;                                                                                   \
        uint64_t two = ((uint64_t)s[i] << 16) | s[i + 1];                                                           \
        if (!pair_begins(p, two)) return 0; /* most text stops here, with no hash set to look in */                 \
        if ((g & TWO) && key_in(p->slots, p->mask, p->shift, PAIR_TAG | two)) return 1;                             \
        if (i + 2 >= n) return 0;                                                                                   \
        uint64_t three = (two << 16) | s[i + 2];                                                                    \
        if ((g & THREE) && key_in(p->slots, p->mask, p->shift, TRIPLE_TAG | three)) return 1;                        \
        return (g & FOUR) && i + 3 < n && key_in(p->slots, p->mask, p->shift, QUAD_TAG | quad_key(three, s[i + 3])); \
    }
BEGINS(Py_UCS1)
BEGINS(Py_UCS2)

/* Whether a pattern occurs in the n characters of (kind, data). */
static int any_pattern(const Patterns *p, int kind, const void *data, Py_ssize_t n) {
    if (kind == PyUnicode_1BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n; i++)
            if (begins_Py_UCS1(p, data, i, n)) return 1;
        return 0;
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n; i++)
            if (begins_Py_UCS2(p, data, i, n)) return 1;
        return 0;
    }
    /* Astral characters are two units (surrogates) here: the units go through a window of up to 60, followed by the
     * next two so that a pattern across the window's end is seen. */
    Py_UCS2 buf[64];
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t m = 0, j = i;
        while (j < n && m < 60) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j++);
            if (c > 0xFFFF) {
                buf[m++] = (Py_UCS2)(0xD800 + ((c - 0x10000) >> 10));
                buf[m++] = (Py_UCS2)(0xDC00 + ((c - 0x10000) & 0x3FF));
            } else {
                buf[m++] = (Py_UCS2)c;
            }
        }
        Py_ssize_t end = m, k = j;
        while (k < n && m < end + 2) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k++);
            if (c > 0xFFFF) {
                buf[m++] = (Py_UCS2)(0xD800 + ((c - 0x10000) >> 10));
                if (m < end + 2) buf[m++] = (Py_UCS2)(0xDC00 + ((c - 0x10000) & 0x3FF));
            } else {
                buf[m++] = (Py_UCS2)c;
            }
        }
        for (Py_ssize_t u = 0; u < end; u++)
            if (begins_Py_UCS2(p, buf, u, m)) return 1;
        i = j;
    }
    return 0;
}

/* The (text, gates, slots) arguments of may_match and quiet; -1 with TypeError set if they are not. */
static int text_and_patterns(PyObject *const *args, Py_ssize_t nargs, const char *name, Patterns *p) {
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_Format(PyExc_TypeError, "%s(text, gates, slots)", name);
        return -1;
    }
    return patterns_of(args[1], args[2], p);
}

static PyObject *may_match(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Patterns p;
    if (text_and_patterns(args, nargs, "may_match", &p) < 0) return NULL;
    return PyBool_FromLong(
        any_pattern(&p, PyUnicode_KIND(args[0]), PyUnicode_DATA(args[0]), PyUnicode_GET_LENGTH(args[0])));
}

/* quiet(text, gates, slots): True when the engine certainly finds nothing in text (Engine._scan_field returns no
 * evidence), decided in C without building the normalised levels as Python objects: the text holds no invisible
 * character (without_invisible would change it), folds by the tables alone (no sentinel, no phrase), its folded
 * level holds no bracket opening a pinyin annotation and no ASCII letter from which a detector could start (see
 * letters_quiet), its contact level no run of five digits with at most three separators between each two
 * (detectors.CONTACT_DIGITS_RE; HANDLE_DIGITS_RE on the folded level finds no more: its separators are a subset and
 * deletion only brings digits closer) and none of the lexicon automaton's patterns (may_match).  False otherwise, or
 * when a table has not been set: the caller then reads the text in full.  The classes of the BMP (digits,
 * separators, Latin letters, spaces and what the letter detectors start from) come from set_probe, the application
 * names of the handle detectors from set_keywords. */
static PyObject *probe_obj, *kw_first_obj, *kw_next_obj;
static const uint16_t *probe_cls;
static const uint32_t *kw_first; /* per BMP character: the groups of application names (bit g) it may begin */
static const uint32_t *kw_next;  /* per BMP character: the groups whose names it may go on with */
static uint32_t kw_always;       /* the groups of a single character (✈): no next character needed */
#define DIGIT 1
#define SEPARATOR 2
#define LATIN 4      /* a letter of a pinyin annotation, toned or not */
#define SPACE 8
#define ID_CHAR 16   /* what goes on an ID after its first letter: a-z 0-9 _ - and the Chinese digits */
#define DOT_LIKE 32  /* what stands for a dot in a spelled-out link (links._DOT, _WORDS_DOT): ．｡点點 brackets ❤ … */
#define DOT_SKIP 64  /* what may stand between such a dot and the top-level domain: spaces . 点 closing brackets */
#define TOKEN_OPEN 128   /* folded, what opens a 淘口令 token (links.TAOKOULING_RE, full width included) */
#define TOKEN_CLOSE 256  /* and what closes one */
#define NAME_SKIP 512    /* what may stand inside an application's name (v . x, 威❤芯): spaces, noise, links' _LSEP */

static PyObject *set_probe(PyObject *self, PyObject *arg) {
    if (take_table(arg, 0x10000 * 2, &probe_obj, (const void **)&probe_cls) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_keywords(PyObject *self, PyObject *args) {
    PyObject *first, *next;
    unsigned int always;
    if (!PyArg_ParseTuple(args, "SSI", &first, &next, &always)) return NULL;
    if (take_table(first, 0x10000 * 4, &kw_first_obj, (const void **)&kw_first) < 0 ||
        take_table(next, 0x10000 * 4, &kw_next_obj, (const void **)&kw_next) < 0)
        return NULL;
    kw_always = always;
    Py_RETURN_NONE;
}

static inline uint16_t probe_class(Py_UCS4 c) {
    if (c < 0x10000) return probe_cls[c];
    return (c >= 0x1F000 && c <= 0x1FAFF) ? SEPARATOR : 0; /* the astral symbols */
}

static inline int is_az(Py_UCS4 c) { return c >= 'a' && c <= 'z'; }
static inline int is_alnum(Py_UCS4 c) { return is_az(c) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

static inline Py_ssize_t skip(const uint16_t *f, Py_ssize_t n, Py_ssize_t j, uint16_t what) {
    while (j < n && (probe_cls[f[j]] & what)) j++;
    return j;
}

/* Whether an ID may begin at the letter f[i]: four more of its characters follow, with nothing between but spaces
 * (l i n g l i n g) and noise the contact level may delete (a❤b❤c).  A superset of contacts' _WECHAT_ID and _ID_RE's
 * letter IDs (their digit IDs are runs of digits, which the contact level's test below sees). */
static int id_at(const uint16_t *f, Py_ssize_t n, Py_ssize_t i) {
    int count = 0;
    for (Py_ssize_t j = i + 1; j < n && count < 4; j++) {
        uint16_t c = f[j];
        if (probe_cls[c] & ID_CHAR) count++;
        else if (!((probe_cls[c] & SPACE) || (noise_cls[c] & NOISE))) break;
    }
    return count >= 4;
}

/* Whether a top-level domain may begin at f[j] (links._TLDS, spelled out or not): two to four letters, a space
 * allowed between two, and then no letter. */
static int tld_at(const uint16_t *f, Py_ssize_t n, Py_ssize_t j) {
    for (int k = 1; j < n && is_az(f[j]); k++) {
        j++;
        if (k >= 2 && !(j < n && is_az(f[j]))) return 1;
        if (k == 4) return 0;
        if (j + 1 < n && (probe_cls[f[j]] & SPACE) && is_az(f[j + 1])) j++;
    }
    return 0;
}

/* After a d at f[i - 1], the end of "ian", "ot" or "o t" (with a space or none before the o: d\s?o\s?t), or -1. */
static Py_ssize_t dot_word(const uint16_t *f, Py_ssize_t n, Py_ssize_t j) {
    if (j + 2 < n && f[j] == 'i' && f[j + 1] == 'a' && f[j + 2] == 'n') return j + 3;
    if (j < n && (probe_cls[f[j]] & SPACE)) j++;
    if (!(j < n && f[j] == 'o')) return -1;
    j++;
    if (j < n && (probe_cls[f[j]] & SPACE)) j++;
    return j < n && f[j] == 't' ? j + 1 : -1;
}

/* Whether the name of an application begins at f[i]: its first character (not a Latin one inside a word) going on,
 * past NAME_SKIP, with a character of its group (contacts.NAME_STARTS). */
static int name_at(const uint16_t *f, Py_ssize_t n, Py_ssize_t i) {
    uint32_t groups = kw_first[f[i]];
    if (!groups || (is_alnum(f[i]) && i > 0 && is_alnum(f[i - 1]))) return 0;
    Py_ssize_t j = skip(f, n, i + 1, NAME_SKIP);
    return (kw_always & groups) || (j < n && (kw_next[f[j]] & groups));
}

/* letters_quiet(f, n): with ASCII letters in the folded text f, True when no detector that reads letters can find
 * anything: exact necessary conditions of each, looser than the detectors themselves, so True is certain and False
 * only sends the text to be read in full.
 * - links: a listed host or a web address has a dot before a letter (find_links' _HOST_PROBE_RE: every listed
 *   host's part after its first dot begins with one; find_web_links' _WEB_PROBE_RE); an affiliate parameter an "="
 *   (AFFILIATE_PARAM_RE);
 * - spelled-out links: a dot written otherwise (DOT_LIKE, or dot / dian / d o t) and, past what may follow it
 *   (DOT_SKIP), a top-level domain (tld_at; SPELLED_PROBE_RE), or a full-width dot, two to six letters and a slash;
 *   a full stop or comma between two letters or digits (_STOP_PROBE_RE);
 * - 淘口令: an opening sign, a run of 8 to 14 letters and digits (both: find_taokouling), a closing sign
 *   (TAOKOULING_RE, read on the folded text: folding maps every letter or digit of the half-width text to a-z 0-9
 *   and no sign to one);
 * - contact handles with a letter in them (find_contacts, find_handles): the name of an application (name_at), and
 *   after it an ID (id_at) or an @ and a letter (Telegram). */
static int letters_quiet(const uint16_t *f, Py_ssize_t n) {
    int named = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint16_t c = f[i], pc = probe_cls[c];
        Py_ssize_t j;
        if (c == '=') return 0;
        if (c == '.' && i + 1 < n && is_az(f[i + 1])) return 0;
        if (pc & DOT_LIKE) {
            j = skip(f, n, i + 1, DOT_SKIP);
            if (tld_at(f, n, j)) return 0;
            if (c == 0xFF0E) { /* a full-width dot, two to six letters, a slash */
                Py_ssize_t a = skip(f, n, i + 1, SPACE);
                for (j = a; j < n && is_az(f[j]); j++) {}
                if (j - a >= 2 && j - a <= 6 && (j = skip(f, n, j, SPACE)) < n && f[j] == '/') return 0;
            }
        }
        if (c == 'd' && (j = dot_word(f, n, i + 1)) >= 0 && tld_at(f, n, skip(f, n, j, SPACE))) return 0;
        if (c == 0x3002 || c == 0xFF0C) { /* 。 ， */
            Py_ssize_t a = i;
            while (a > 0 && (probe_cls[f[a - 1]] & SPACE)) a--;
            j = skip(f, n, i + 1, SPACE);
            if (a > 0 && j < n && is_alnum(f[a - 1]) && is_alnum(f[j])) return 0;
        }
        if (pc & TOKEN_OPEN) {
            int letter = 0, digit = 0;
            for (j = i + 1; j < n && is_alnum(f[j]); j++) letter |= is_az(f[j]), digit |= !is_az(f[j]);
            if (letter && digit && j - i - 1 >= 8 && j - i - 1 <= 14 && j < n && (probe_cls[f[j]] & TOKEN_CLOSE))
                return 0;
        }
        named = named || name_at(f, n, i);
        if (named && ((is_az(c) && id_at(f, n, i)) || (c == '@' && i + 1 < n && is_az(f[i + 1])))) return 0;
    }
    return 1;
}

/* Whether the name of an application occurs anywhere in f. */
static int any_name(const uint16_t *f, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++)
        if (name_at(f, n, i)) return 1;
    return 0;
}

/* A bracket matters only as the start of a pinyin annotation (variants._ANNOTATION_PROBE): spaces, one to six
 * Latin letters (LATIN: a-z A-Z and every letter of the Latin blocks, a superset of its toned ones), a tone digit
 * or none, spaces and a closing bracket. */
static int annotated(int kind, const void *folded, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, folded, i);
        if (c != '(' && c != 0xFF08) continue;
        Py_ssize_t j = i + 1, k = 0;
        while (j < n && (probe_class(PyUnicode_READ(kind, folded, j)) & SPACE)) j++;
        while (j < n && k < 7 && (probe_class(PyUnicode_READ(kind, folded, j)) & LATIN)) j++, k++;
        if (k < 1 || k > 6) continue;
        if (j < n && PyUnicode_READ(kind, folded, j) >= '1' && PyUnicode_READ(kind, folded, j) <= '5') j++;
        while (j < n && (probe_class(PyUnicode_READ(kind, folded, j)) & SPACE)) j++;
        if (j < n && (PyUnicode_READ(kind, folded, j) == ')' || PyUnicode_READ(kind, folded, j) == 0xFF09)) return 1;
    }
    return 0;
}

/* The digits in a row so far (at most three separators between two: digits and separators are disjoint classes)
 * after the character v. */
static inline int chain_after(Py_UCS4 v, int *chain, int *gap) {
    uint16_t d = probe_class(v);
    if (d & DIGIT) {
        *gap = 0;
        return ++*chain;
    }
    if ((d & SEPARATOR) && *chain) {
        if (++*gap > 3) *chain = *gap = 0;
    } else {
        *chain = *gap = 0;
    }
    return *chain;
}

#define PHONE_DIGITS 11 /* contacts.PHONE_RE: a mobile number's digits */

/* quiet's contact-level tests for a folded text of UTF-16 units: the contact level built, its digit runs followed,
 * in one pass (noise_run's deletion rule, written out for the units).  A run of five digits or more is a contact detail
 * only as a mobile number (eleven) or after the name of an application (a WeChat or QQ number: any_name). */
static int quiet_contact(const Patterns *p, const uint16_t *f, Py_ssize_t n, uint16_t *contact) {
    Py_ssize_t m = 0, i = 0;
    int chain = 0, gap = 0, five = 0;
    while (i < n) {
        uint16_t v = f[i];
        if (!(noise_cls[v] & NOISE)) {
            int run = chain_after(v, &chain, &gap);
            if (run >= PHONE_DIGITS) return 0;
            five |= run >= 5;
            contact[m++] = v;
            i++;
            continue;
        }
        Py_ssize_t a = i;
        uint8_t seen = 0, k;
        while (i < n && ((k = noise_cls[f[i]]) & NOISE)) {
            seen |= k;
            i++;
        }
        if (seen & INV) return 0; /* without_invisible would change the text (folding keeps these and makes no more) */
        if (i - a <= MAX_NOISE_RUN && a > 0 && i < n) {
            uint8_t before = noise_cls[f[a - 1]], after = noise_cls[f[i]];
            if ((before & ALNUM) && (after & ALNUM) && (!(seen & HSP) || ((before & CJK) && (after & CJK))))
                continue; /* deleted whole */
        }
        for (Py_ssize_t j = a; j < i; j++) {
            int run = chain_after(f[j], &chain, &gap);
            if (run >= PHONE_DIGITS) return 0;
            five |= run >= 5;
            contact[m++] = f[j];
        }
    }
    if (five && any_name(f, n)) return 0;
    return !any_pattern(p, PyUnicode_2BYTE_KIND, contact, m);
}

/* quiet's contact-level tests for a folded text of code points (quiet_wide): the contact level built (noise_run's
 * deletions), no run of five digits (PHONE_DIGITS and any_name are for UTF-16 text), no pattern of the automaton. */
static int quiet_rest(const Patterns *p, const Py_UCS4 *folded, Py_ssize_t n, Py_UCS4 *contact) {
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0, a, b; i < n; i = b) {
        uint8_t seen;
        int whole;
        b = noise_run(PyUnicode_4BYTE_KIND, folded, n, i, &a, &seen, &whole);
        Py_ssize_t kept = whole ? a : b; /* what is not deleted: the text before the run, and the run unless whole */
        memcpy(contact + m, folded + i, (kept - i) * sizeof(Py_UCS4));
        m += kept - i;
    }
    int chain = 0, gap = 0;
    for (Py_ssize_t j = 0; j < m; j++)
        if (chain_after(contact[j], &chain, &gap) >= 5) return 0;
    return !any_pattern(p, PyUnicode_4BYTE_KIND, contact, m);
}

/* quiet for a text of one- or two-byte characters (nearly all), its folded level in UTF-16 units: one pass folds
 * and tests each character (its invisible characters are seen on the contact level's pass).  -1 when the UTF-16
 * table meets a sentinel: quiet_wide reads the text as code points. */
#define QUIET_NARROW(T, KIND)                                                                                          \
    static int quiet_##T(const Patterns *p, const T *s, Py_ssize_t n, uint16_t *folded, uint16_t *contact) {       \
        int trad = 0, letters = 0, bracket = 0;                                                                    \
        for (Py_ssize_t i = 0; i < n; i++) {                                                                       \
            T c = s[i];                                                                                            \
            uint16_t v = fold16[c];                                                                                \
            if (v == SENTINEL) return -1;                                                                          \
            trad |= bit(trad_bits, c);                                                                             \
            letters |= is_az(v);                                                                                   \
            bracket |= v == '(' || v == 0xFF08;                                                                    \
            folded[i] = v;                                                                                         \
        }                                                                                                          \
        if (trad)                                                                                                  \
            for (Py_ssize_t i = 0; i < n; i++)                                                                     \
                if (phrase_here(KIND, s, i, n)) return 0; /* OpenCC reads a phrase here: fold.py must */           \
        if (bracket && annotated(PyUnicode_2BYTE_KIND, folded, n)) return 0;                                       \
        if (letters && !letters_quiet(folded, n)) return 0;                                                        \
        return quiet_contact(p, folded, n, contact);                                                               \
    }
QUIET_NARROW(Py_UCS1, PyUnicode_1BYTE_KIND)
QUIET_NARROW(Py_UCS2, PyUnicode_2BYTE_KIND)

#define ASTRAL_STANDIN 0x9FA5 /* 龥: an ideograph in none of quiet's classes (tests/engine/test_textscan_native.py) */

/* quiet for any text, its levels as code points (a text holding an astral character, or a character whose folding
 * leaves the BMP): as above, except that a run of five digits, or ASCII letters beside an astral symbol, always send
 * it to be read in full (rare enough). */
static int quiet_wide(const Patterns *p, PyObject *text, Py_UCS4 *folded, Py_UCS4 *contact) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text), changed, bracket = 0;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (cls(PyUnicode_READ(kind, data, i)) & INV) return 0;
    if (!fold_units(kind, data, n, folded, &changed)) return 0;
    int letters = 0, other = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 v = folded[i];
        letters |= is_az(v);
        other |= v > 0xFFFF && !(v >= 0x20000 && v <= 0x2FA1F);
        bracket |= v == '(' || v == 0xFF08;
    }
    if (bracket && annotated(PyUnicode_4BYTE_KIND, folded, n)) return 0;
    if (letters) {
        /* The letter detectors read the text in UTF-16 units (contact is scratch until quiet_rest): an astral
         * ideograph (the Cantonese 𡃉) is to them what any ideograph of no class of theirs is (ASTRAL_STANDIN); an
         * astral symbol or emoji may be a dot or a name, and sends the text to be read in full. */
        if (other) return 0;
        uint16_t *narrow = (uint16_t *)contact;
        for (Py_ssize_t i = 0; i < n; i++) narrow[i] = folded[i] > 0xFFFF ? ASTRAL_STANDIN : (uint16_t)folded[i];
        if (!letters_quiet(narrow, n)) return 0;
    }
    return quiet_rest(p, folded, n, contact);
}

static PyObject *quiet(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Patterns p;
    if (text_and_patterns(args, nargs, "quiet", &p) < 0) return NULL;
    if (fold16 == NULL || noise_cls == NULL || probe_cls == NULL || kw_first == NULL) Py_RETURN_FALSE;
    PyObject *text = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text), r = -1;
    /* Room for both levels as code points (the narrow pass uses the first half as two UTF-16 buffers). */
    Py_UCS4 stack[2 * STACK_CHARS], *buf = stack;
    Py_ssize_t half = n > STACK_CHARS ? n : STACK_CHARS;
    if (n > STACK_CHARS && (buf = PyMem_Malloc(2 * n * sizeof(Py_UCS4))) == NULL) return PyErr_NoMemory();
    uint16_t *narrow = (uint16_t *)buf;
    if (kind == PyUnicode_1BYTE_KIND)
        r = quiet_Py_UCS1(&p, PyUnicode_1BYTE_DATA(text), n, narrow, narrow + half);
    else if (kind == PyUnicode_2BYTE_KIND)
        r = quiet_Py_UCS2(&p, PyUnicode_2BYTE_DATA(text), n, narrow, narrow + half);
    if (r < 0) r = quiet_wide(&p, text, buf, buf + half);
    if (buf != stack) PyMem_Free(buf);
    return PyBool_FromLong(r);
}

static PyMethodDef methods[] = {
    {"set_fold16", set_fold16, METH_VARARGS,
     "Set the UTF-16 folding table (65,536 uint16) and the phrases' first pairs (sorted uint32), native byte order."},
    {"set_fold32", set_fold32, METH_O, "Set the code-point folding table (0x30000 uint32, native byte order)."},
    {"set_noise", set_noise, METH_O, "Set the BMP noise classes (65,536 bytes of class bits)."},
    {"fold", fold, METH_O, "The folding table applied to a str: the str itself, the folded str, or None."},
    {"noise", noise, METH_O, "The contact level's deletions: None, or (contact, at, cum, lens)."},
    {"may_match", (PyCFunction)(void (*)(void))may_match, METH_FASTCALL,
     "False when no pattern of the automaton the tables describe can occur in the text."},
    {"set_probe", set_probe, METH_O, "Set quiet()'s BMP classes (65,536 uint16 of class bits, native byte order)."},
    {"set_keywords", set_keywords, METH_VARARGS,
     "Set quiet()'s application names: the groups each BMP character may begin and go on with (two tables of "
     "65,536 uint32 bit masks, native byte order) and the groups needing no next character."},
    {"quiet", (PyCFunction)(void (*)(void))quiet, METH_FASTCALL,
     "True when the engine certainly finds nothing in the text (see the module's comment)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_textscan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__textscan(void) { return PyModule_Create(&module); }
