package org.capcheck.core;

/**
 * Untyped_Retype, following seL4's {@code decodeUntypedInvocation} (checks, in seL4's order) and
 * {@code invokeUntyped_Retype} (reset, watermark, object creation). An untyped cap with no children
 * is reset first: everything it covered is gone, so it allocates again from its base. Otherwise it
 * allocates above its watermark ({@code free_index}), never reusing memory that may still be named.
 */
final class Retype {
    /** CONFIG_RESET_CHUNK_BITS: reset zeroes, and may be preempted, in chunks of 2^8 bytes. */
    static final int RESET_CHUNK_BITS = 8;

    private final Kernel k;

    Retype(Kernel k) {
        this.k = k;
    }

    /**
     * Message words: 0 type, 1 size bits, 2 node index, 3 node depth, 4 node offset, 5 number of
     * objects; extra cap 0 the root of the destination lookup.
     */
    SeL4Error decode(long label, int untyped) {
        SyscallError error = k.error;
        if (label != InvocationLabel.UNTYPED_RETYPE) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (k.argc < 6 || k.extraCount < 1) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        return decodeAndInvoke(untyped, k.arg(0), k.arg(1), k.extraSlot(0), k.arg(2), k.arg(3), k.arg(4), k.arg(5));
    }

    private SeL4Error decodeAndInvoke(int untyped, long typeNumber, long userSize, int rootSlot, long nodeIndex,
                                      long nodeDepth, long nodeOffset, long numObjects) {
        CapTable caps = k.caps;
        SyscallError error = k.error;
        ObjectType type = ObjectType.ofNumber(typeNumber);
        if (type == null) {
            return error.invalidArgument(0);
        }
        // Impossibly large objects: the size argument must fit a word shift, the object an untyped.
        if (Long.compareUnsigned(userSize, CSpaceLookup.WORD_BITS) >= 0
                || type.objectBits(userSize) > ObjectType.MAX_UNTYPED_BITS) {
            return error.rangeError(0, ObjectType.MAX_UNTYPED_BITS);
        }
        if (type == ObjectType.CNode && userSize == 0) {
            return error.invalidArgument(1);
        }
        if (type == ObjectType.Untyped && userSize < ObjectType.MIN_UNTYPED_BITS) {
            return error.invalidArgument(1);
        }
        int objectBits = (int) type.objectBits(userSize);

        // The destination CNode: the root itself at depth 0, else the CNode cap found at the slot.
        int nodeSlot;
        if (nodeDepth == 0) {
            nodeSlot = rootSlot;
        } else {
            SeL4Error e = k.lookup.lookupForCNodeOp(false, rootSlot, nodeIndex, nodeDepth);
            if (e != SeL4Error.NoError) {
                return e;
            }
            nodeSlot = k.lookup.slot;
        }
        if (!caps.is(nodeSlot, CapType.CNode)) {
            error.lookupFault(LookupFailure.MissingCapability, nodeDepth, 0, 0);
            return error.failedLookup(false);
        }
        long nodeSize = 1L << caps.radix(nodeSlot);
        if (Long.compareUnsigned(nodeOffset, nodeSize - 1) > 0) {
            return error.rangeError(0, nodeSize - 1);
        }
        if (numObjects < 1 || Long.compareUnsigned(numObjects, k.config.fanoutLimit()) > 0) {
            return error.rangeError(1, k.config.fanoutLimit());
        }
        if (numObjects > nodeSize - nodeOffset) {
            return error.rangeError(1, nodeSize - nodeOffset);
        }
        int node = caps.object(nodeSlot);
        for (long i = nodeOffset; i < nodeOffset + numObjects; i++) {
            if (!caps.isNull(k.objects.slot(node, i))) {
                return error.set(SeL4Error.DeleteFirst);
            }
        }
        // An untyped with no children can be reset and reused from its base.
        boolean reset = k.mdb.ensureNoChildren(untyped) == SeL4Error.NoError || Faults.has(k.faults, Faults.RESET_IGNORING_CHILDREN);
        long freeIndex = reset ? 0 : caps.freeIndex(untyped);
        int untypedBits = caps.untypedBits(untyped);
        long freeBytes = (1L << untypedBits) - freeIndex;
        if ((freeBytes >>> objectBits) < numObjects) {
            return error.notEnoughMemory(freeBytes);
        }
        boolean device = caps.isDevice(untyped);
        if (device && type != ObjectType.Frame && type != ObjectType.Untyped) {
            return error.invalidArgument(1);
        }
        // cap-core's own capacity: CNodes and TCBs need slots from the preallocated pool.
        byte kind = type == ObjectType.CNode ? ObjectTable.CNODE : type == ObjectType.TCB ? ObjectTable.TCB : 0;
        if (kind != 0 && !k.objects.canCreate(kind, (int) userSize, numObjects)) {
            return error.notEnoughMemory(freeBytes);
        }
        long base = Kernel.alignUp(caps.paddr(untyped) + freeIndex, objectBits);

        if (reset && resetUntyped(untyped) == Deletion.PREEMPTED) {
            return SeL4Error.NoError;
        }
        caps.setFreeIndex(untyped, base + (numObjects << objectBits) - caps.paddr(untyped));
        for (int i = 0; i < numObjects; i++) {
            int dest = k.objects.slot(node, nodeOffset + i);
            long paddr = base + ((long) i << objectBits);
            createObject(type, paddr, (int) userSize, device, dest);
            insertNewCap(untyped, dest);
            k.events.add(HostEvents.Kind.OBJECT_CREATED, type.number(), paddr, objectBits);
        }
        return SeL4Error.NoError;
    }

    /**
     * seL4's {@code resetUntypedCap}: forget what the region held and bring the watermark back to
     * the base, zeroing from the top down in chunks, each followed by a preemption point. Device
     * memory and small regions are done in one step (device memory is not zeroed at all).
     */
    int resetUntyped(int untyped) {
        CapTable caps = k.caps;
        long offset = caps.freeIndex(untyped);
        if (offset == 0) {
            return Deletion.DONE;
        }
        long base = caps.paddr(untyped);
        if (caps.isDevice(untyped) || caps.untypedBits(untyped) < RESET_CHUNK_BITS) {
            if (!caps.isDevice(untyped)) {
                k.events.add(HostEvents.Kind.ZERO_MEMORY, 0, base, 1L << caps.untypedBits(untyped));
            }
            caps.setFreeIndex(untyped, 0);
            return Deletion.DONE;
        }
        // One preemption point per chunk, from the top chunk down; passed all at once, so that the
        // work is constant whatever the region's size (2^47 bytes is 2^39 chunks).
        long top = (offset - 1) & ~((1L << RESET_CHUNK_BITS) - 1);
        long at = k.preemptionPoints((top >>> RESET_CHUNK_BITS) + 1);
        long off = at == 0 ? 0 : top - ((at - 1) << RESET_CHUNK_BITS);
        caps.setFreeIndex(untyped, off);
        // The chunks zeroed in this step, top down, form one range: one event for the host.
        k.events.add(HostEvents.Kind.ZERO_MEMORY, 0, base + off, offset - off);
        if (at != 0) {
            return Deletion.PREEMPTED;
        }
        return Deletion.DONE;
    }

    /** seL4's {@code createObject} and its default cap: full rights, badge 0, empty guard. */
    private void createObject(ObjectType type, long paddr, int userSize, boolean device, int dest) {
        CapTable caps = k.caps;
        switch (type) {
            case Untyped:
                caps.setUntyped(dest, paddr, userSize, 0, device);
                break;
            case Endpoint:
                caps.setEndpoint(dest, paddr, 0, Rights.ALL);
                break;
            case Notification:
                caps.setNotification(dest, paddr, 0, Rights.READ | Rights.WRITE);
                break;
            case Frame:
                caps.setFrame(dest, paddr, Rights.READ | Rights.WRITE, device);
                break;
            case CNode:
                caps.setCNode(dest, paddr, k.objects.create(ObjectTable.CNODE, paddr, userSize), userSize, 0, 0);
                break;
            case TCB:
                caps.setThread(dest, paddr, k.objects.create(ObjectTable.TCB, paddr, 0));
                break;
            default:
                break;
        }
    }

    /**
     * seL4's {@code insertNewCap}: the new cap goes right after the untyped, original and
     * first-badged, so one call's caps end up in the list in reverse order of creation.
     */
    private void insertNewCap(int untyped, int dest) {
        k.mdb.insertAfter(untyped, dest, true);
    }
}
