/** seL4's capability derivation and revocation as a sans-IO state machine. */
package org.capcheck.core;
