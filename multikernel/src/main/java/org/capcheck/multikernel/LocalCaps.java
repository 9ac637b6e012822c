package org.capcheck.multikernel;

/**
 * One core's copies of one capability, packed into an int. Barrelfish keeps owner, remote-relation bits and
 * lock identical on every local copy (lib/mdb/mdb.c mdb_set_relations, kernel/monitor.c sys_lock_cap_common),
 * so one record per capability and core describes them all:
 *
 * <pre>
 * bits 0-1   copies on this core (0 to 3)
 * bits 2-3   owner core (mdbnode.owner)
 * bit  4     remote_copies   (RRELS_COPY_BIT)
 * bit  5     remote_ancs     (RRELS_ANCS_BIT)
 * bit  6     remote_descs    (RRELS_DESC_BIT)
 * bit  7     locked          (mdbnode.locked, set by the monitor of this core only)
 * bit  8     in_delete       (marked by a revoke, swept by the delete steps)
 * bits 9-12  holders: cores that may hold copies (capcheck's multicast set; the owner's view)
 * bit  13    sending: capcheck locked the cap for a copy in flight from here (unlocked by its result)
 * </pre>
 */
public final class LocalCaps {
    private LocalCaps() {
    }

    public static final int MAX_COPIES = 3;
    /** Relation bits as Barrelfish's distcaps.h numbers them (RRELS_COPY_BIT, RRELS_ANCS_BIT, RRELS_DESC_BIT). */
    public static final int COPY_BIT = 1;
    public static final int ANCS_BIT = 2;
    public static final int DESC_BIT = 4;

    public static int copies(int r) {
        return r & 3;
    }

    public static int owner(int r) {
        return r >>> 2 & 3;
    }

    /** The remote-relation bits, as {@link #COPY_BIT} | {@link #ANCS_BIT} | {@link #DESC_BIT}. */
    public static int relations(int r) {
        return r >>> 4 & 7;
    }

    public static boolean remoteCopies(int r) {
        return (r & 1 << 4) != 0;
    }

    public static boolean remoteDescs(int r) {
        return (r & 1 << 6) != 0;
    }

    public static boolean locked(int r) {
        return (r & 1 << 7) != 0;
    }

    public static boolean inDelete(int r) {
        return (r & 1 << 8) != 0;
    }

    /** distcap_state_is_busy: locked or in_delete. */
    public static boolean busy(int r) {
        return (r & (3 << 7)) != 0;
    }

    public static int holders(int r) {
        return r >>> 9 & 15;
    }

    static int withCopies(int r, int n) {
        return n == 0 ? 0 : r & ~3 | n;
    }

    static int withOwner(int r, int owner) {
        return r & ~(3 << 2) | owner << 2;
    }

    static int withRelations(int r, int relations) {
        return r & ~(7 << 4) | relations << 4;
    }

    static int withLocked(int r, boolean locked) {
        return locked ? r | 1 << 7 : r & ~(1 << 7);
    }

    static int withInDelete(int r, boolean inDelete) {
        return inDelete ? r | 1 << 8 : r & ~(1 << 8);
    }

    public static boolean sending(int r) {
        return (r & 1 << 13) != 0;
    }

    static int withSending(int r, boolean sending) {
        return sending ? r | 1 << 13 : r & ~(1 << 13);
    }

    static int withHolders(int r, int holders) {
        return r & ~(15 << 9) | holders << 9;
    }

    /** The record with core ids renamed by {@code perm} (old id to new id), for symmetry reduction. */
    public static int permute(int r, int[] perm) {
        if (copies(r) == 0) {
            return r;
        }
        return withHolders(withOwner(r, perm[owner(r)]), permuteSet(holders(r), perm));
    }

    /** A set of cores (bit i for core i) with ids renamed by {@code perm}. */
    public static int permuteSet(int set, int[] perm) {
        int out = 0;
        for (int i = 0; i < perm.length; i++) {
            if ((set & 1 << i) != 0) {
                out |= 1 << perm[i];
            }
        }
        return out;
    }

    public static String relationsName(int relations) {
        if (relations == 0) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        if ((relations & COPY_BIT) != 0) {
            out.append('C');
        }
        if ((relations & ANCS_BIT) != 0) {
            out.append('A');
        }
        if ((relations & DESC_BIT) != 0) {
            out.append('D');
        }
        return out.toString();
    }

    public static String coresName(int set) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < 4; i++) {
            if ((set & 1 << i) != 0) {
                out.append(out.length() > 1 ? "," : "").append('c').append(i);
            }
        }
        return out.append('}').toString();
    }

    /** The record for people, e.g. "2x owner=c0 rels=C locked". */
    public static String describe(int r) {
        if (copies(r) == 0) {
            return "-";
        }
        StringBuilder out = new StringBuilder().append(copies(r)).append("x owner=c").append(owner(r))
                .append(" rels=").append(relationsName(relations(r)));
        if (holders(r) != 0) {
            out.append(" holders=").append(coresName(holders(r)));
        }
        if (locked(r)) {
            out.append(" locked");
        }
        if (inDelete(r)) {
            out.append(" in_delete");
        }
        return out.toString();
    }
}
