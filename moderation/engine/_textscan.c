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
 * code units as the automaton reads it: no unit that is a whole pattern, no two units that are one, and no three that
 * begin a longer one (gates: a byte per unit, ONE | TWO | THREE below, saying what it may begin; slots: a hash set
 * of the two-unit patterns and of the longer ones' first three units, see key_in).  Exact, not a guess: True only
 * says the automaton must look.  Most real text holds no pattern, and ahocorasick_rs costs ~2 us a call on it, the
 * scan here a third of that (the automaton's own prefilters are for patterns with rare bytes, which a Chinese
 * lexicon in UTF-16 does not have).
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
#define THREE 4 /* the unit begins a longer pattern */
#define PAIR_TAG (UINT64_C(1) << 48)
#define TRIPLE_TAG (UINT64_C(2) << 48)
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

typedef struct {
    const uint8_t *gates;
    const uint64_t *slots;
    uint64_t mask;
    int shift;
} Patterns;

/* The tables of may_match's and quiet's second and third arguments; -1 with TypeError set if they are not. */
static int patterns_of(PyObject *gates, PyObject *slots, Patterns *p) {
    Py_ssize_t size = PyBytes_Check(slots) ? PyBytes_GET_SIZE(slots) / 8 : 0;
    if (!PyBytes_Check(gates) || PyBytes_GET_SIZE(gates) != 0x10000 || size < 2 || (size & (size - 1)) ||
        PyBytes_GET_SIZE(slots) % 8) {
        PyErr_SetString(PyExc_TypeError, "the tables must be prefilter.tables()' (two bytes objects)");
        return -1;
    }
    p->gates = (const uint8_t *)PyBytes_AS_STRING(gates);
    p->slots = (const uint64_t *)PyBytes_AS_STRING(slots);
    p->mask = (uint64_t)size - 1;
    p->shift = 64;
    while (((uint64_t)1 << (64 - p->shift)) < (uint64_t)size) p->shift--;
    return 0;
}

/* Whether a pattern begins at unit i of units s[0..n) (of type T: a text of one- or two-byte characters is its own
 * code units). */
#define BEGINS(T)                                                                                                   \
    static inline int begins_##T(const Patterns *p, const T *s, Py_ssize_t i, Py_ssize_t n) {                       \
        uint8_t g = p->gates[s[i]];                                                                                 \
        if (!g) return 0;                                                                                           \
        if (g & ONE) return 1;                                                                                      \
        if (i + 1 >= n) return 0;                                                                                   \
        uint64_t two = ((uint64_t)s[i] << 16) | s[i + 1];                                                           \
        if ((g & TWO) && key_in(p->slots, p->mask, p->shift, PAIR_TAG | two)) return 1;                             \
        return (g & THREE) && i + 2 < n && key_in(p->slots, p->mask, p->shift, TRIPLE_TAG | (two << 16) | s[i + 2]); \
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
 * level holds no ASCII letter (links, handles) and no bracket opening a pinyin annotation, its contact level no run of five digits
 * with at most three separators between each two (detectors.CONTACT_DIGITS_RE; HANDLE_DIGITS_RE on the folded level
 * finds no more: its separators are a subset and deletion only brings digits closer) and none of the lexicon
 * automaton's patterns (may_match).  False otherwise, or when a table has not been set: the caller then reads the
 * text in full.  The digit, separator, Latin and space classes of the BMP come from set_probe. */
static PyObject *probe_obj;
static const uint8_t *probe_cls;
#define DIGIT 1
#define SEPARATOR 2
#define LATIN 4
#define SPACE 8

static PyObject *set_probe(PyObject *self, PyObject *arg) {
    if (take_table(arg, 0x10000, &probe_obj, (const void **)&probe_cls) < 0) return NULL;
    Py_RETURN_NONE;
}

static inline uint8_t probe_class(Py_UCS4 c) {
    if (c < 0x10000) return probe_cls[c];
    return (c >= 0x1F000 && c <= 0x1FAFF) ? SEPARATOR : 0; /* the astral symbols */
}

static int quiet_units(const Patterns *p, PyObject *text, Py_UCS4 *folded, Py_UCS4 *contact) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text), changed, bracket = 0;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (cls(PyUnicode_READ(kind, data, i)) & INV) return 0;
    if (!fold_units(kind, data, n, folded, &changed)) return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 v = folded[i];
        if (v >= 'a' && v <= 'z') return 0;
        bracket |= v == '(' || v == 0xFF08;
    }
    /* A bracket matters only as the start of a pinyin annotation (variants._ANNOTATION_PROBE): spaces, then a Latin
     * letter, which is not a-z here, so one with a tone mark (LATIN: every letter of the Latin blocks, a superset). */
    for (Py_ssize_t i = 0; bracket && i < n; i++) {
        if (folded[i] != '(' && folded[i] != 0xFF08) continue;
        Py_ssize_t j = i + 1;
        while (j < n && (probe_class(folded[j]) & SPACE)) j++;
        if (j < n && (probe_class(folded[j]) & LATIN)) return 0;
    }
    /* The contact level: with no invisible character, only runs deleted whole (see noise()). */
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0, a, b; i < n; i = b) {
        uint8_t seen;
        int whole;
        b = noise_run(PyUnicode_4BYTE_KIND, folded, n, i, &a, &seen, &whole);
        Py_ssize_t kept = whole ? a : b; /* what is not deleted: the text before the run, and the run unless whole */
        memcpy(contact + m, folded + i, (kept - i) * sizeof(Py_UCS4));
        m += kept - i;
    }
    /* Runs of digits: a digit, then up to three separators and a digit, four times (digits and separators are
     * disjoint classes, so one pass counting the chain decides). */
    int chain = 0, gap = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        uint8_t d = probe_class(contact[j]);
        if (d & DIGIT) {
            if (++chain >= 5) return 0;
            gap = 0;
        } else if ((d & SEPARATOR) && chain) {
            if (++gap > 3) chain = gap = 0;
        } else {
            chain = gap = 0;
        }
    }
    return !any_pattern(p, PyUnicode_4BYTE_KIND, contact, m);
}

static PyObject *quiet(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Patterns p;
    if (text_and_patterns(args, nargs, "quiet", &p) < 0) return NULL;
    if (fold16 == NULL || noise_cls == NULL || probe_cls == NULL) Py_RETURN_FALSE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(args[0]);
    Py_UCS4 stack[2 * STACK_CHARS], *buf = stack;
    if (n > STACK_CHARS && (buf = PyMem_Malloc(2 * n * sizeof(Py_UCS4))) == NULL) return PyErr_NoMemory();
    int r = quiet_units(&p, args[0], buf, buf + (n > STACK_CHARS ? n : STACK_CHARS));
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
    {"set_probe", set_probe, METH_O, "Set quiet()'s BMP classes (65,536 bytes: digit, separator, Latin, space)."},
    {"quiet", (PyCFunction)(void (*)(void))quiet, METH_FASTCALL,
     "True when the engine certainly finds nothing in the text (see the module's comment)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_textscan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__textscan(void) { return PyModule_Create(&module); }
