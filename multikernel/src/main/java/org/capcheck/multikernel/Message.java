package org.capcheck.multikernel;

/**
 * A message between monitors, packed into one int (the sender is the channel's, so it is not in the message):
 *
 * <pre>
 * bits 0-4    type (the intermon.if capops message it stands for)
 * bit  5      kind ({@link Ops#RAM} or {@link Ops#FRAME})
 * bits 6-8    status (a result code of {@link Ops})
 * bits 9-11   relations: {@link LocalCaps#COPY_BIT}, {@link LocalCaps#ANCS_BIT}, {@link LocalCaps#DESC_BIT}
 * bits 12-13  a core: the destination of request_copy, the origin of a forwarded copy
 * bits 14-17  a set of cores (capcheck: the holders of copies, handed over with ownership)
 * </pre>
 */
public final class Message {
    private Message() {
    }

    public static final int REQUEST_COPY = 1;
    public static final int RECV_COPY = 2;
    public static final int RECV_COPY_RESULT = 3;
    public static final int FIND_CAP = 4;
    public static final int FIND_CAP_RESULT = 5;
    public static final int MOVE_REQUEST = 6;
    public static final int MOVE_RESULT = 7;
    public static final int UPDATE_OWNER = 8;
    public static final int OWNER_UPDATED = 9;
    public static final int RETRIEVE_REQUEST = 10;
    public static final int RETRIEVE_RESULT = 11;
    public static final int REVOKE_MARK = 12;
    public static final int REVOKE_READY = 13;
    public static final int REVOKE_COMMIT = 14;
    public static final int REVOKE_DONE = 15;
    public static final int REQUEST_RETYPE = 16;
    public static final int RETYPE_RESPONSE = 17;
    public static final int CHECK_RETYPEABLE = 18;
    public static final int CHECK_RETYPEABLE_RESULT = 19;
    /** capcheck only: the requester has created (or failed to create) the caps the owner granted. */
    public static final int RETYPE_DONE = 20;

    private static final String[] NAMES = {"?", "request_copy", "recv_copy", "recv_copy_result", "find_cap",
        "find_cap_result", "move_request", "move_result", "update_owner", "owner_updated", "retrieve_request",
        "retrieve_result", "revoke_mark", "revoke_ready", "revoke_commit", "revoke_done", "request_retype",
        "retype_response", "check_retypeable", "check_retypeable_result", "retype_done"};

    public static int of(int type, int kind) {
        return type | kind << 5;
    }

    public static int withStatus(int message, int status) {
        return message & ~(7 << 6) | status << 6;
    }

    public static int withRelations(int message, int relations) {
        return message & ~(7 << 9) | relations << 9;
    }

    public static int withCore(int message, int core) {
        return message & ~(3 << 12) | core << 12;
    }

    public static int withCores(int message, int cores) {
        return message & ~(15 << 14) | cores << 14;
    }

    public static int type(int message) {
        return message & 31;
    }

    public static int kind(int message) {
        return message >>> 5 & 1;
    }

    public static int status(int message) {
        return message >>> 6 & 7;
    }

    public static int relations(int message) {
        return message >>> 9 & 7;
    }

    public static int core(int message) {
        return message >>> 12 & 3;
    }

    public static int cores(int message) {
        return message >>> 14 & 15;
    }

    /** Whether the message carries a capability that the receiver may insert (a copy in flight). */
    public static boolean carriesCopy(int message) {
        return type(message) == RECV_COPY;
    }

    /** The name of the message's type, as in Barrelfish's if/intermon.if (e.g. "revoke_mark"). */
    public static String name(int message) {
        int type = type(message);
        return type < NAMES.length ? NAMES[type] : "?" + type;
    }

    /** The message for people: its type, kind and the fields its type uses. */
    public static String describe(int message) {
        int type = type(message);
        StringBuilder out = new StringBuilder(type < NAMES.length ? NAMES[type] : "?" + type);
        out.append('(').append(Ops.kindName(kind(message)));
        switch (type) {
            case REQUEST_COPY:
                out.append(", dest=c").append(core(message));
                break;
            case RECV_COPY:
                out.append(", rels=").append(LocalCaps.relationsName(relations(message)))
                        .append(", origin=c").append(core(message));
                break;
            case RECV_COPY_RESULT:
                out.append(", ").append(Ops.resultName(status(message))).append(", origin=c").append(core(message));
                break;
            case MOVE_REQUEST:
            case RETRIEVE_RESULT:
                if (type == RETRIEVE_RESULT) {
                    out.append(", ").append(Ops.resultName(status(message)));
                }
                out.append(", rels=").append(LocalCaps.relationsName(relations(message)));
                if (cores(message) != 0) {
                    out.append(", holders=").append(LocalCaps.coresName(cores(message)));
                }
                break;
            case FIND_CAP_RESULT:
            case MOVE_RESULT:
            case RETYPE_RESPONSE:
            case CHECK_RETYPEABLE_RESULT:
                out.append(", ").append(Ops.resultName(status(message)));
                break;
            default:
                break;
        }
        return out.append(')').toString();
    }
}
