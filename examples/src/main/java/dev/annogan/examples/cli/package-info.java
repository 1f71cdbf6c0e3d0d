/**
 * The {@code annogan} command line: one class per command, each declaring its words, summary and
 * {@link dev.annogan.examples.cli.Option}s; {@link dev.annogan.examples.cli.AnnoGanCli} builds
 * picocli subcommands from them ({@code --help} and {@code --version} on each, {@code annogan
 * completion} for bash), parses, and hands each command its typed {@link
 * dev.annogan.examples.cli.Args}. User mistakes become one-line errors; the work itself lives in
 * the applications and the library modules.
 */
package dev.annogan.examples.cli;
