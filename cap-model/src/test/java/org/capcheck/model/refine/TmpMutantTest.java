package org.capcheck.model.refine;

import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.junit.jupiter.api.Test;

class TmpMutantTest {
    @Test
    void mutants() {
        for (Mutant m : new Mutant[] {Mutant.NONE, Mutant.DELETE_DROPS_FIRST_BADGED}) {
            Scenario s = new Scenario(m);
            System.out.println(s.retype(16, ObjectType.Endpoint.number(), 0, 20, 1));
            System.out.println(s.mint(21, 20, Rights.ALL, 5));
            System.out.println(s.mint(22, 20, Rights.ALL, 5));
            System.out.println(s.copy(23, 21, Rights.ALL));
            System.out.println(s.delete(21));
            System.out.println(m + " " + s.failure);
        }
    }
}
