/**
 * The {@code annogan} command line: one class per command, {@link
 * dev.annogan.examples.cli.AnnoGanCli} dispatching to them. User mistakes become one-line errors;
 * the work itself lives in the library modules.
 */
package dev.annogan.examples.cli;
