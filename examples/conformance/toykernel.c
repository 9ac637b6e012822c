/*
 * A toy capability kernel in C that emits a captrace v1 trace of its own run, for
 * `capcheck replay` to check (docs/CONFORMANCE.md). It is the smallest honest example of the
 * emitting side: a root CNode laid out as captrace's boot state, CNode_Copy and CNode_Delete on
 * that CNode with depth 64, and the derivation tree reduced to a parent per slot. Every line it
 * prints is what the kernel did, recorded at the system-call boundary (trace_copy, trace_delete),
 * never what a test expects.
 *
 *   gcc -std=c99 -Wall -Wextra -o toykernel toykernel.c
 *   ./toykernel > run.jsonl && capcheck replay run.jsonl          # exit 0
 *   ./toykernel --bug > bad.jsonl && capcheck replay bad.jsonl    # exit 1: the seeded bug shows
 *
 * With --bug the kernel makes a copy of a copy the child of that copy. seL4's cteInsert does not:
 * a copy is the child of its source only if the source is original (isMDBParentOf needs the parent
 * to be revocable), so a copy of a copy is its source's sibling.
 */
#include <stdio.h>
#include <string.h>

#define ROOT_BITS 8
#define SLOTS (1 << ROOT_BITS)
#define NO_PARENT (-1)

enum cap_type { CAP_NULL, CAP_TCB, CAP_CNODE, CAP_IRQ_CONTROL, CAP_UNTYPED };
static const char *const type_names[] = {"empty", "TCB", "CNode", "IRQControl", "Untyped"};

/* seL4_Error, as captrace names it. */
enum error { NO_ERROR, INVALID_CAPABILITY, ILLEGAL_OPERATION, RANGE_ERROR, FAILED_LOOKUP, DELETE_FIRST, REVOKE_FIRST };
static const char *const error_names[] = {"NoError", "InvalidCapability", "IllegalOperation", "RangeError",
                                          "FailedLookup", "DeleteFirst", "RevokeFirst"};

struct slot {
    enum cap_type type;
    int original; /* seL4's mdbRevocable */
    int parent;   /* derivation-tree parent (a root slot), or NO_PARENT */
};

static struct slot cnode[SLOTS];
static int seeded_bug;
static int step;

/* The boot state captrace v1 fixes: TCB in 1, the root CNode in 2, IRQControl in 4, one untyped in 16. */
static void boot(void) {
    memset(cnode, 0, sizeof cnode);
    for (int i = 0; i < SLOTS; i++) {
        cnode[i].parent = NO_PARENT;
    }
    cnode[1] = (struct slot){CAP_TCB, 1, NO_PARENT};
    cnode[2] = (struct slot){CAP_CNODE, 1, NO_PARENT};
    cnode[4] = (struct slot){CAP_IRQ_CONTROL, 1, NO_PARENT};
    cnode[16] = (struct slot){CAP_UNTYPED, 1, NO_PARENT};
}

/* A CPtr resolved with depth 64: the root CNode cap's 56-bit guard of zeros, then 8 bits of index. */
static int lookup(unsigned long long cptr) {
    return cptr < SLOTS ? (int) cptr : -1;
}

static int descendants(int s);

static enum error copy(unsigned long long service, unsigned long long dest, unsigned depth, unsigned long long src,
                       unsigned src_depth) {
    int s = lookup(service);
    if (s < 0 || cnode[s].type == CAP_NULL) {
        return INVALID_CAPABILITY;
    }
    if (cnode[s].type != CAP_CNODE) {
        return ILLEGAL_OPERATION;
    }
    if (depth < 1 || depth > 64 || src_depth < 1 || src_depth > 64) {
        return RANGE_ERROR;
    }
    int d = lookup(dest);
    int from = lookup(src);
    if (d < 0 || from < 0 || depth != 64 || src_depth != 64) {
        return FAILED_LOOKUP;
    }
    if (cnode[d].type != CAP_NULL) {
        return DELETE_FIRST;
    }
    if (cnode[from].type == CAP_NULL) {
        return FAILED_LOOKUP;
    }
    /* deriveCap: IRQControl becomes the null cap; an untyped only while it has no children. */
    if (cnode[from].type == CAP_IRQ_CONTROL) {
        return ILLEGAL_OPERATION;
    }
    if (cnode[from].type == CAP_UNTYPED && descendants(from) > 0) {
        return REVOKE_FIRST;
    }
    /* isCapRevocable: an untyped copy is original, and so the child of its source. */
    int original = cnode[from].type == CAP_UNTYPED;
    int parent = cnode[from].original || seeded_bug ? from : cnode[from].parent;
    cnode[d] = (struct slot){cnode[from].type, original, parent};
    return NO_ERROR;
}

static enum error delete(unsigned long long service, unsigned long long index, unsigned depth) {
    int s = lookup(service);
    if (s < 0 || cnode[s].type == CAP_NULL) {
        return INVALID_CAPABILITY;
    }
    if (cnode[s].type != CAP_CNODE) {
        return ILLEGAL_OPERATION;
    }
    if (depth < 1 || depth > 64) {
        return RANGE_ERROR;
    }
    int i = lookup(index);
    if (i < 0 || depth != 64) {
        return FAILED_LOOKUP;
    }
    /* Only leaves are deleted in this toy's runs (copies with no copies of their own). */
    cnode[i] = (struct slot){CAP_NULL, 0, NO_PARENT};
    return NO_ERROR;
}

static int descendants(int s) {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
        for (int p = cnode[i].parent; p != NO_PARENT; p = cnode[p].parent) {
            if (p == s) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* ---- The trace: one JSON line per invocation, written where the system call returns. ---- */

static void trace_header(void) {
    printf("{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": %d, \"untyped\": [{\"paddr\": 1048576, "
           "\"size_bits\": 20, \"device\": false}], \"max_irq\": 31}}\n", ROOT_BITS);
    printf("{\"comment\": \"toykernel.c%s: results are the toy kernel's own\"}\n", seeded_bug ? " --bug" : "");
}

static void trace_expect(enum error e) {
    printf("\"expect\": {\"error\": \"%s\"", error_names[e]);
    if (e == RANGE_ERROR) {
        printf(", \"range\": [1, 64]");
    }
    printf("}}\n");
}

static enum error trace_copy(unsigned long long service, unsigned long long dest, unsigned depth,
                             unsigned long long src, unsigned src_depth) {
    enum error e = copy(service, dest, depth, src, src_depth);
    printf("{\"step\": %d, \"op\": \"CNode_Copy\", \"args\": {\"service\": %llu, \"dest_index\": %llu, "
           "\"dest_depth\": %u, \"src_root\": 2, \"src_index\": %llu, \"src_depth\": %u, \"rights\": \"RWGP\"}, ",
           ++step, service, dest, depth, src, src_depth);
    trace_expect(e);
    return e;
}

static enum error trace_delete(unsigned long long service, unsigned long long index, unsigned depth) {
    enum error e = delete(service, index, depth);
    printf("{\"step\": %d, \"op\": \"CNode_Delete\", \"args\": {\"service\": %llu, \"index\": %llu, "
           "\"depth\": %u}, ", ++step, service, index, depth);
    trace_expect(e);
    return e;
}

/* A check line: what the kernel holds in a root slot (type, parent, number of descendants). */
static void trace_slot(int s) {
    printf("{\"step\": %d, \"check\": \"slot\", \"root\": 2, \"index\": %d, \"depth\": 64, \"expect\": {", step, s);
    if (cnode[s].type == CAP_NULL) {
        printf("\"empty\": true}}\n");
        return;
    }
    printf("\"type\": \"%s\", \"parent\": ", type_names[cnode[s].type]);
    if (cnode[s].parent == NO_PARENT) {
        printf("null");
    } else {
        printf("{\"root\": 2, \"index\": %d, \"depth\": 64}", cnode[s].parent);
    }
    printf(", \"descendants\": %d}}\n", descendants(s));
}

int main(int argc, char **argv) {
    seeded_bug = argc > 1 && strcmp(argv[1], "--bug") == 0;
    boot();
    trace_header();
    trace_copy(2, 40, 64, 1, 64);  /* the TCB cap: a child of slot 1 */
    trace_slot(40);
    trace_copy(2, 41, 64, 40, 64); /* a copy of the copy: slot 1's child too, not slot 40's */
    trace_slot(41);
    trace_slot(1);
    trace_copy(2, 40, 64, 1, 64);  /* the destination is occupied: DeleteFirst */
    trace_copy(2, 42, 64, 5, 64);  /* the source is empty: FailedLookup */
    trace_copy(3, 42, 64, 1, 64);  /* slot 3 holds no cap to invoke: InvalidCapability */
    trace_copy(1, 42, 64, 1, 64);  /* a TCB cap is not a CNode: IllegalOperation */
    trace_copy(2, 42, 0, 1, 64);   /* depth 0: RangeError [1, 64] */
    trace_copy(2, 42, 64, 4, 64);  /* IRQControl cannot be copied: IllegalOperation */
    trace_copy(2, 43, 64, 16, 64); /* an untyped copy: original, a child of slot 16 */
    trace_slot(43);
    trace_copy(2, 44, 64, 16, 64); /* slot 16 now has a child: RevokeFirst */
    trace_delete(2, 41, 64);
    trace_slot(41);
    trace_slot(1);
    return 0;
}
