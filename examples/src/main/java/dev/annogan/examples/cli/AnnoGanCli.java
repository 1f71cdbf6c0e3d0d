package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CocoFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code annogan} command line: {@code java -jar annogan.jar <command> [options]}.
 *
 * <p>User mistakes end in one line on stderr and exit code 2; problems found in the user's data (a
 * broken COCO file) exit 1; a bug in AnnoGAN prints its stack trace and exits 3.
 */
public final class AnnoGanCli {

    private final List<Command> commands;

    /** Creates the CLI with its commands. */
    public AnnoGanCli(List<Command> commands) {
        this.commands = commands;
    }

    /** Returns the CLI with every built-in command. */
    public static AnnoGanCli standard() {
        return new AnnoGanCli(
                List.of(
                        new DemoCommand(),
                        new ShapesCommand(),
                        new CocoStatsCommand(),
                        new CocoCheckCommand(),
                        new EvaluateCommand(),
                        new AnnotateCommand(),
                        new TrainLabelGanCommand(),
                        new TrainSslCommand(),
                        new TrainTaggerCommand(),
                        new TrainSegmenterCommand(),
                        new TrainCganCommand(),
                        new SampleLabelGanCommand(),
                        new ParseBenchCommand(),
                        new BenchTrainCommand(),
                        new BenchDataCommand()));
    }

    /** Returns the commands, in the order help lists them. */
    public List<Command> commands() {
        return commands;
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(standard().run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || isHelp(argv[0])) {
            printUsage(argv.length == 0 ? err : out);
            return argv.length == 0 ? 2 : 0;
        }
        Command command = null;
        int words = 0;
        for (Command candidate : commands) {
            String[] name = candidate.name().split(" ");
            if (name.length <= argv.length
                    && Arrays.equals(name, Arrays.copyOf(argv, name.length))
                    && name.length > words) {
                command = candidate;
                words = name.length;
            }
        }
        if (command == null) {
            err.println("annogan: unknown command '" + String.join(" ", argv) + "'");
            printUsage(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, words, argv.length);
        if (Arrays.stream(rest).anyMatch(AnnoGanCli::isHelp)) {
            printHelp(command, out);
            return 0;
        }
        try {
            return command.run(Args.parse(rest, command.options()), out);
        } catch (UserError e) {
            err.println("annogan " + command.name() + ": " + e.getMessage());
            err.println("Try 'annogan " + command.name() + " --help'.");
            return 2;
        } catch (CocoFormatException e) {
            err.println("annogan " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("annogan " + command.name() + ": no such file: " + e.getFile());
            return 2;
        } catch (AccessDeniedException e) {
            err.println("annogan " + command.name() + ": permission denied: " + e.getFile());
            return 2;
        } catch (NotDirectoryException | FileAlreadyExistsException e) {
            err.println("annogan " + command.name() + ": not a directory: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("annogan " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("annogan " + command.name() + ": internal error, please report it:");
            e.printStackTrace(err);
            return 3;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    private void printUsage(PrintStream out) {
        out.println("AnnoGAN: adversarially trained image annotators on DJL.");
        out.println();
        out.println("Usage: java -jar annogan.jar <command> [options]");
        out.println();
        out.println("Commands:");
        for (Command command : commands) {
            out.printf("  %-16s %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Run 'annogan <command> --help' for a command's options.");
    }

    private static void printHelp(Command command, PrintStream out) {
        out.println("Usage: annogan " + command.name() + " [options]");
        out.println();
        out.println(command.summary());
        out.println();
        out.println("Options:");
        for (Option option : command.options()) {
            String left = "--" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
            String help = option.help();
            if (option.isRequired()) {
                help += " (required)";
            } else if (!option.isFlag() && !option.defaultValue().isEmpty()) {
                help += " (default: " + option.defaultValue() + ")";
            }
            out.printf("  %-26s %s%n", left, help);
        }
        out.printf("  %-26s %s%n", "--help", "show this help");
    }
}
