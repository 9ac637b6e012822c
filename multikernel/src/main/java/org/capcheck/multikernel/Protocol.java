package org.capcheck.multikernel;

/**
 * A protocol variant: which of the design decisions below a core follows. {@link #BARRELFISH} reads them off
 * Barrelfish's code (release 2020, commit 06a9f547); {@link #CAPCHECK} is ours. The ablations
 * ({@link #withoutMarkPhase}, {@link #withoutRemoteRetypeCheck}) drop one safeguard each, to show that the
 * model checker notices; they are design experiments, not protocols to run.
 */
public final class Protocol {
    /** Barrelfish as its code reads (usr/monitor/capops, kernel/cap_delete.c, kernel/capabilities.c). */
    public static final Protocol BARRELFISH = new Protocol("barrelfish", false, false, false, false, false, false,
            false, true, true);
    /** Ours: every property of docs/MULTIKERNEL.md holds; owner updates multicast to copy holders. */
    public static final Protocol CAPCHECK = new Protocol("capcheck", true, true, true, true, true, true, true, true,
            true);

    private final String name;
    /** Barrelfish's asserts and panics on the inputs its code does not expect (reported as events). */
    final boolean panics;
    /** capcheck: the owner stays locked until a requester's granted retype has created its caps. */
    final boolean retypeAcknowledged;
    /** Barrelfish's find_cap acts on the first holder that answers (capsend.c find_cap_result__rx_handler). */
    final boolean firstFoundWins;
    final boolean lockDuringRevoke;
    final boolean retypeHonoursLock;
    final boolean lockDuringCopy;
    final boolean moveCarriesLocalRelations;
    final boolean restoreOwnerOnFailedRetrieve;
    final boolean multicast;
    final boolean revokeWaitsForCopiesInFlight;
    final boolean markPhase;
    final boolean remoteRetypeCheck;

    private Protocol(String name, boolean lockDuringRevoke, boolean retypeHonoursLock, boolean lockDuringCopy,
            boolean moveCarriesLocalRelations, boolean restoreOwnerOnFailedRetrieve, boolean multicast,
            boolean revokeWaitsForCopiesInFlight, boolean markPhase, boolean remoteRetypeCheck) {
        this.name = name;
        this.panics = !lockDuringRevoke;
        this.retypeAcknowledged = lockDuringRevoke;
        this.firstFoundWins = !lockDuringRevoke;
        this.lockDuringRevoke = lockDuringRevoke;
        this.retypeHonoursLock = retypeHonoursLock;
        this.lockDuringCopy = lockDuringCopy;
        this.moveCarriesLocalRelations = moveCarriesLocalRelations;
        this.restoreOwnerOnFailedRetrieve = restoreOwnerOnFailedRetrieve;
        this.multicast = multicast;
        this.revokeWaitsForCopiesInFlight = revokeWaitsForCopiesInFlight;
        this.markPhase = markPhase;
        this.remoteRetypeCheck = remoteRetypeCheck;
    }

    /** The variant named {@code name} ("barrelfish" or "capcheck"), or null. */
    public static Protocol named(String name) {
        switch (name) {
            case "barrelfish":
                return BARRELFISH;
            case "capcheck":
                return CAPCHECK;
            default:
                return null;
        }
    }

    /** This variant, but revoke goes straight to the sweep: no core deletes its copies before the commit. */
    public Protocol withoutMarkPhase() {
        return new Protocol(name + "-without-mark", lockDuringRevoke, retypeHonoursLock, lockDuringCopy,
                moveCarriesLocalRelations, restoreOwnerOnFailedRetrieve, multicast, revokeWaitsForCopiesInFlight, false,
                remoteRetypeCheck);
    }

    /** This variant, but the owner grants a retype after checking its own descendants only. */
    public Protocol withoutRemoteRetypeCheck() {
        return new Protocol(name + "-without-remote-retype-check", lockDuringRevoke, retypeHonoursLock,
                lockDuringCopy, moveCarriesLocalRelations, restoreOwnerOnFailedRetrieve, multicast,
                revokeWaitsForCopiesInFlight, markPhase, false);
    }

    /** Whether owner updates and find_cap go to the cores that may hold copies (capcheck) or to every core. */
    public boolean multicast() {
        return multicast;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
