package org.capcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A {@link SlotMap} answers look-ups alike before and after it has made its {@link SlotIndex}: present
 * and absent slots, slots that differ only in the object or only in the index, addresses and indices
 * with the top bit set, maps of one slot and of hundreds (where the hash table's probes collide).
 */
class SlotIndexTest {
    private static final long[] OBJECTS = {0, 0x1000, 0x1800, 0x100000, 0x100040, -4096L, Long.MIN_VALUE, 7};

    private static Slot randomSlot(Random r) {
        long index = r.nextInt(8) == 0 ? r.nextLong() : r.nextInt(64);
        return new Slot(OBJECTS[r.nextInt(OBJECTS.length)], index);
    }

    @Test
    void lookUpsAgreeWithATreeMapBeforeAndAfterTheIndex() {
        Random r = new Random(5);
        int indexedLookUps = 0;
        for (int trial = 0; trial < 400; trial++) {
            TreeMap<Slot, Integer> expected = new TreeMap<>();
            int size = trial % 50 == 0 ? 300 : r.nextInt(40);
            for (int i = 0; i < size; i++) {
                expected.put(randomSlot(r), i);
            }
            SlotMap<Integer> map = SlotMap.copyOf(expected);
            List<Slot> present = new ArrayList<>(expected.keySet());
            for (int q = 0; q < 60; q++) {
                Slot s = !present.isEmpty() && r.nextBoolean() ? present.get(r.nextInt(present.size())) : randomSlot(r);
                // a new Slot object each time: the index compares values, not identities
                Slot asked = r.nextBoolean() ? new Slot(s.object(), s.index()) : s;
                String where = "trial " + trial + ", look-up " + q + ", " + asked;
                assertEquals(expected.get(asked), map.get(asked), where);
                assertEquals(expected.containsKey(asked), map.containsKey(asked), where);
                assertEquals(expected.getOrDefault(asked, -1), map.getOrDefault(asked, -1), where);
                // neighbours: the same index in the next object, the next index in the same object
                Slot nextIndex = new Slot(asked.object(), asked.index() + 1);
                assertEquals(expected.get(nextIndex), map.get(nextIndex), where + " + 1");
                indexedLookUps += q >= 8 ? 1 : 0;
            }
        }
        assertTrue(indexedLookUps > 10_000, "look-ups after the index was made: " + indexedLookUps);
    }

    @Test
    void anEmptyMapFindsNothingEvenIndexed() {
        SlotMap<String> empty = SlotMap.copyOf(new TreeMap<>());
        for (int q = 0; q < 20; q++) {
            assertEquals(null, empty.get(new Slot(0x1000, q)));
        }
    }

    @Test
    void anUpdatedMapAnswersForItsOwnContents() {
        TreeMap<Slot, String> m = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            m.put(new Slot(0x1000, i), "v" + i);
        }
        SlotMap<String> before = SlotMap.copyOf(m);
        for (int q = 0; q < 20; q++) {
            assertEquals("v" + q, before.get(new Slot(0x1000, q))); // indexed by now
        }
        SlotMap<String> after = before.with(new Slot(0x1000, 25), "new").without(new Slot(0x1000, 3));
        for (int q = 0; q < 20; q++) {
            assertEquals("new", after.get(new Slot(0x1000, 25)));
            assertEquals(null, after.get(new Slot(0x1000, 3)));
            assertEquals("v4", after.get(new Slot(0x1000, 4)));
        }
        assertEquals("v3", before.get(new Slot(0x1000, 3)));
        assertEquals(null, before.get(new Slot(0x1000, 25)));
    }
}
