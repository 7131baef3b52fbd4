/** File-system helpers shared by the core and the adapters (atomic writes). Plain Java. */
package dev.seqae.io;
