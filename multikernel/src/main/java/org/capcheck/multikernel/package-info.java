/**
 * A multikernel's distributed capability operations as sans-IO state machines, one {@link
 * org.capcheck.multikernel.Core} per core: the kernel's local capability state plus the monitor's protocol
 * state. Inputs are an application's invocation or a message from another core; outputs go to a {@link
 * org.capcheck.multikernel.Host} (messages, completions, events). No I/O, threads, clocks, or allocation per
 * input: a core's whole state is a few ints, messages are single ints ({@link org.capcheck.multikernel.Message}).
 * Barrelfish (usr/monitor/capops, kernel/cap_delete.c) is the reference design; see docs/MULTIKERNEL.md.
 */
package org.capcheck.multikernel;
