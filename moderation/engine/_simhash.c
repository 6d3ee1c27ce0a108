/* The near-duplicate fingerprint of moderation/engine/simhash.py in C: the same 64-bit values, bit for bit, without
 * numpy's and the regexes' cost per call (most of the near-duplicate check's time on comment-sized real text).
 *
 * simhash(t): each 4-character shingle hashes to c0*P^3 + c1*P^2 + c2*P + c3 (mod 2^64) over its code points,
 * finalised by a multiply-xorshift; a bit of the result is set where more than half of the shingles have it. A
 * text shorter than four characters is padded with zeros to one shingle.
 *
 * shingle_hash(contact): (length, simhash) of the shingle text of a contact level, built on the fly as
 * simhash.shingle_contact builds it: a run of one CJK ideograph (charclass.CJK_CLASS) or of three or more of one
 * ASCII letter a-z becomes its first character (normalise._REPEAT_RE), then every character that is not
 * alphanumeric goes (simhash._NON_WORD, [\W_]+: Python's \w is str.isalnum() or "_").
 *
 * nearest(fp, recent, limit): [(distance, index)] of the (fingerprint, ref) pairs of `recent` within `limit` bits of
 * `fp`, in order; a None fingerprint is skipped.
 *
 * Built by setup.py as an optional extension: without a compiler simhash.py's Python versions run instead, and
 * tests/engine/test_simhash_native.py holds the two equal. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define P UINT64_C(0x100000001B3)
#define M1 UINT64_C(0xBF58476D1CE4E5B9)

/* The bits of the shingle hashes are counted eight at a time: lanes[k] holds eight 8-bit counters, lane j counting
 * bit k + 8j, and they are emptied into ones[] before a counter can overflow (every 255 shingles). */
#define LANES UINT64_C(0x0101010101010101)

typedef struct {
    uint32_t ones[64];
    uint64_t lanes[8];
    int pending;        /* shingles counted in lanes[] and not yet in ones[] */
    uint64_t window[4]; /* the last four code points, oldest first */
    Py_ssize_t seen;    /* code points fed so far */
} Hasher;

static const uint64_t P2 = P * P, P3 = P * P * P;

static void flush(Hasher *st) {
    for (int k = 0; k < 8; k++) {
        for (int j = 0; j < 8; j++) {
            st->ones[k + 8 * j] += (uint32_t)((st->lanes[k] >> (8 * j)) & 0xFF);
        }
        st->lanes[k] = 0;
    }
    st->pending = 0;
}

static inline void add_shingle(Hasher *st) {
    uint64_t h = st->window[0] * P3 + st->window[1] * P2 + st->window[2] * P + st->window[3];
    h ^= h >> 30;
    h *= M1;
    h ^= h >> 31;
    for (int k = 0; k < 8; k++) {
        st->lanes[k] += (h >> k) & LANES;
    }
    if (++st->pending == 255) {
        flush(st);
    }
}

static inline void feed(Hasher *st, uint64_t cp) {
    st->window[0] = st->window[1];
    st->window[1] = st->window[2];
    st->window[2] = st->window[3];
    st->window[3] = cp;
    if (++st->seen >= 4) {
        add_shingle(st);
    }
}

/* The signed simhash of what was fed (0 for nothing). */
static int64_t finish(Hasher *st) {
    Py_ssize_t n;
    if (st->seen == 0) {
        return 0;
    }
    if (st->seen < 4) { /* one shingle: the code points, then zeros */
        uint64_t w[4] = {0, 0, 0, 0};
        for (Py_ssize_t k = 0; k < st->seen; k++) {
            w[k] = st->window[4 - st->seen + k];
        }
        memcpy(st->window, w, sizeof w);
        add_shingle(st);
        n = 1;
    } else {
        n = st->seen - 3;
    }
    flush(st);
    uint64_t out = 0, half = (uint64_t)(n >> 1);
    for (int b = 0; b < 64; b++) {
        if (st->ones[b] > half) {
            out |= UINT64_C(1) << b;
        }
    }
    return (int64_t)out;
}

/* A str argument read in place, with a fresh hasher; 0 (and a TypeError set) for anything else. */
typedef struct {
    Py_ssize_t len;
    int kind;
    const void *data;
    Hasher st;
} Input;

static int input_of(PyObject *arg, const char *name, Input *in) {
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a str", name);
        return 0;
    }
    in->len = PyUnicode_GET_LENGTH(arg);
    in->kind = PyUnicode_KIND(arg);
    in->data = PyUnicode_DATA(arg);
    memset(&in->st, 0, sizeof in->st);
    return 1;
}

static PyObject *simhash(PyObject *self, PyObject *arg) {
    Input in;
    if (!input_of(arg, "simhash", &in)) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < in.len; i++) {
        feed(&in.st, (uint64_t)PyUnicode_READ(in.kind, in.data, i));
    }
    return PyLong_FromLongLong((long long)finish(&in.st));
}

static inline int is_cjk(Py_UCS4 c) {
    /* charclass.CJK_CLASS */
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           c == 0x3007 || (c >= 0x20000 && c <= 0x2FA1F);
}

static PyObject *shingle_hash(PyObject *self, PyObject *arg) {
    Input in;
    if (!input_of(arg, "shingle_hash", &in)) {
        return NULL;
    }
    const int kind = in.kind;
    const void *data = in.data;
    const Py_ssize_t len = in.len;
    Py_ssize_t i = 0;
    while (i < len) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t j = i + 1;
        if (is_cjk(c)) {
            while (j < len && PyUnicode_READ(kind, data, j) == c) {
                j++;
            }
        } else if (c >= 'a' && c <= 'z') {
            Py_ssize_t k = j;
            while (k < len && PyUnicode_READ(kind, data, k) == c) {
                k++;
            }
            if (k - i >= 3) {
                j = k;
            }
        }
        if (Py_UNICODE_ISALNUM(c)) {
            feed(&in.st, (uint64_t)c);
        }
        i = j;
    }
    Py_ssize_t seen = in.st.seen;
    return Py_BuildValue("(nL)", seen, (long long)finish(&in.st));
}

static PyObject *nearest(PyObject *self, PyObject *args) {
    PyObject *fp_obj, *recent;
    int limit;
    if (!PyArg_ParseTuple(args, "OOi", &fp_obj, &recent, &limit)) {
        return NULL;
    }
    /* Signed (as stored) or unsigned: the low 64 bits are the fingerprint, for fp as for the recent ones. */
    unsigned long long fp = PyLong_AsUnsignedLongLongMask(fp_obj);
    if (fp == (unsigned long long)-1 && PyErr_Occurred()) {
        return NULL;
    }
    /* A tuple of its own: nothing an item's __index__ does can change what is walked. */
    PyObject *seq = PySequence_Tuple(recent);
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *pair = PyTuple_GET_ITEM(seq, i); /* borrowed from seq, which holds it */
        PyObject *other; /* a new reference */
        if (PyTuple_Check(pair) && PyTuple_GET_SIZE(pair) >= 1) {
            other = PyTuple_GET_ITEM(pair, 0);
            Py_INCREF(other);
        } else if ((other = PySequence_GetItem(pair, 0)) == NULL) { /* a list, say */
            Py_CLEAR(out);
            break;
        }
        if (other == Py_None) {
            Py_DECREF(other);
            continue;
        }
        unsigned long long o = PyLong_AsUnsignedLongLongMask(other);
        Py_DECREF(other);
        if (o == (unsigned long long)-1 && PyErr_Occurred()) {
            Py_CLEAR(out);
            break;
        }
        int d = __builtin_popcountll((uint64_t)fp ^ (uint64_t)o);
        if (d <= limit) {
            PyObject *item = Py_BuildValue("(in)", d, i);
            if (item == NULL || PyList_Append(out, item) < 0) {
                Py_XDECREF(item);
                Py_CLEAR(out);
                break;
            }
            Py_DECREF(item);
        }
    }
    Py_DECREF(seq);
    return out;
}

static PyMethodDef methods[] = {
    {"simhash", simhash, METH_O, "Signed 64-bit simhash of an already normalised string (see simhash.py)."},
    {"shingle_hash", shingle_hash, METH_O, "(length, simhash) of the shingle text of a contact level."},
    {"nearest", nearest, METH_VARARGS, "[(distance, index)] of the recent fingerprints within limit bits."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_simhash", NULL, -1, methods};

PyMODINIT_FUNC PyInit__simhash(void) { return PyModule_Create(&module); }
