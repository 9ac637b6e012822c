package org.capcheck.core;

/**
 * Capability rights as seL4 encodes them in a message word ({@code seL4_CapRights_t}): bit 0 Write,
 * bit 1 Read, bit 2 Grant, bit 3 GrantReply. Captrace writes them as the letters W, R, G, P.
 */
public final class Rights {
    public static final int WRITE = 1;
    public static final int READ = 2;
    public static final int GRANT = 4;
    public static final int GRANT_REPLY = 8;
    public static final int ALL = WRITE | READ | GRANT | GRANT_REPLY;
    public static final int NONE = 0;

    private Rights() {
    }

    /** seL4's {@code rightsFromWord}: only the low four bits of the word mean anything. */
    public static int fromWord(long word) {
        return (int) (word & ALL);
    }

    /** Rights as captrace letters, in the fixed order R, W, G, P. */
    public static String toLetters(int rights) {
        StringBuilder s = new StringBuilder(4);
        if ((rights & READ) != 0) {
            s.append('R');
        }
        if ((rights & WRITE) != 0) {
            s.append('W');
        }
        if ((rights & GRANT) != 0) {
            s.append('G');
        }
        if ((rights & GRANT_REPLY) != 0) {
            s.append('P');
        }
        return s.toString();
    }

    /**
     * Parses captrace letters (R, W, G, P in any order, each at most once). Returns -1 for anything
     * else (null included), so that the caller can name the bad value.
     */
    public static int parseLetters(String letters) {
        if (letters == null) {
            return -1;
        }
        int rights = 0;
        for (int i = 0; i < letters.length(); i++) {
            int bit;
            switch (letters.charAt(i)) {
                case 'R': bit = READ; break;
                case 'W': bit = WRITE; break;
                case 'G': bit = GRANT; break;
                case 'P': bit = GRANT_REPLY; break;
                default: return -1;
            }
            if ((rights & bit) != 0) {
                return -1;
            }
            rights |= bit;
        }
        return rights;
    }
}
