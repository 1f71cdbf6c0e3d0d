package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CocoFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code annogan} command line: {@code java -jar annogan.jar <command> [options]}, parsed by
 * picocli. Each {@link Command} declares its words ({@code "train tagger"}), its summary and its
 * {@link Option}s; this class turns them into picocli subcommands (with {@code --help} and {@code
 * --version} on every one, and a bash completion script from {@code annogan completion}), parses,
 * and hands the command its {@link Args}.
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
                        new ServeCommand(),
                        new TrainLabelGanCommand(),
                        new TrainSslCommand(),
                        new TrainTaggerCommand(),
                        new TrainSegmenterCommand(),
                        new TrainCganCommand(),
                        new PretrainCommand(),
                        new SampleLabelGanCommand(),
                        new ParseBenchCommand(),
                        new BenchTrainCommand(),
                        new BenchDataCommand()));
    }

    /** The option that lets the engine's own warnings through. */
    private static final String VERBOSE = "verbose";

    private static final String VERBOSE_HELP = "show the engine's own warnings (libtorch's)";

    /** Returns the commands, in the order help lists them. */
    public List<Command> commands() {
        return commands;
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        // No file cache for ImageIO: it registers shutdown hooks, which fail while a run stopped
        // by Ctrl-C writes its last pictures during the JVM's shutdown.
        javax.imageio.ImageIO.setUseCache(false);
        System.exit(standard().run(args, System.out, System.err));
    }

    /** Returns the version of the running jar, or a marker for classes outside one. */
    static String version() {
        String version = AnnoGanCli.class.getPackage().getImplementationVersion();
        return "annogan " + (version == null ? "(development build)" : version);
    }

    /** Runs one command line; returns the exit code. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine line = commandLine();
        PrintWriter outWriter = writer(out);
        line.setOut(outWriter);
        line.setErr(writer(err));
        if (argv.length == 0) {
            line.usage(err);
            return 2;
        }
        if (argv[0].equals("help")) {
            // "annogan help train tagger" is "annogan train tagger --help".
            String[] asked = java.util.Arrays.copyOfRange(argv, 1, argv.length + 1);
            asked[asked.length - 1] = "--help";
            argv = asked;
        }
        ParseResult parsed;
        try {
            parsed = line.parseArgs(argv);
        } catch (CommandLine.ParameterException e) {
            return parameterError(e, argv, err);
        }
        ParseResult deepest = parsed;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        List<String> unmatched = deepest.commandSpec().commandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            return unmatched(deepest.commandSpec(), unmatched, argv, err);
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            outWriter.flush();
            return 0;
        }
        ParseResult leaf = deepest;
        Object target = leaf.commandSpec().userObject();
        // Below: a command to run, the completion script, or a group named without a command.
        if (target instanceof Completion) {
            out.print(AutoComplete.bash("annogan", line));
            return 0;
        }
        if (!(target instanceof Command command)) {
            // A group such as "train" without its second word.
            err.println("annogan " + path(leaf.commandSpec()) + ": which one?");
            leaf.commandSpec().commandLine().usage(err);
            return 2;
        }
        return execute(command, leaf, out, err);
    }

    private int execute(Command command, ParseResult parsed, PrintStream out, PrintStream err) {
        if (command.usesEngine() && !parsed.hasMatchedOption("--" + VERBOSE)) {
            EngineWarnings.silence();
        }
        try {
            return command.run(args(command, parsed), out);
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

    /** Reads the command's options from picocli's parse into the command's {@link Args}. */
    private static Args args(Command command, ParseResult parsed) throws UserError {
        Map<String, List<String>> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.longestName().substring(2);
            if (name.equals("help") || name.equals("version") || name.equals(VERBOSE)) {
                continue;
            }
            if (option.arity().max() == 0) {
                flags.add(name);
            } else {
                List<String> words = option.stringValues();
                // A repeated option keeps its last value, as a shell user expects.
                int arity = Math.max(1, option.arity().max());
                values.put(name, words.subList(Math.max(0, words.size() - arity), words.size()));
            }
        }
        return Args.of(values, flags, command.options());
    }

    /** Turns picocli's complaint into AnnoGAN's one-line message. */
    private int parameterError(CommandLine.ParameterException e, String[] argv, PrintStream err) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String where = path(spec);
        List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            // An unknown option explains a missing one better than the other way round.
            return unmatched(spec, unmatched, argv, err);
        }
        String message = e.getMessage();
        if (e instanceof CommandLine.MissingParameterException missing
                && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            String name = option.longestName();
            boolean given = false;
            for (String arg : argv) {
                given |= arg.equals(name);
            }
            message =
                    given
                            ? name + " needs a value (" + option.paramLabel() + ")"
                            : "missing " + name + " " + option.paramLabel();
        }
        err.println("annogan" + (where.isEmpty() ? "" : " " + where) + ": " + message);
        err.println("Try 'annogan" + (where.isEmpty() ? "" : " " + where) + " --help'.");
        return 2;
    }

    /** Reports the first word the command did not take: an unknown command or option. */
    private int unmatched(
            CommandSpec spec, List<String> unmatched, String[] argv, PrintStream err) {
        String first = unmatched.get(0);
        if (!(spec.userObject() instanceof Command) && !first.startsWith("-")) {
            err.println("annogan: unknown command '" + String.join(" ", argv) + "'");
            spec.root().commandLine().usage(err);
            return 2;
        }
        String where = path(spec);
        err.println(
                "annogan "
                        + where
                        + ": "
                        + (first.startsWith("-")
                                ? "unknown option " + first.split("=", 2)[0]
                                : "unexpected argument '" + first + "'"));
        err.println("Try 'annogan " + where + " --help'.");
        return 2;
    }

    /** Returns the words of a command below {@code annogan}, e.g. {@code "train tagger"}. */
    private static String path(CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        return qualified.equals("annogan") ? "" : qualified.substring("annogan ".length());
    }

    /** Builds the picocli model: a subcommand per command, grouped by its first word. */
    CommandLine commandLine() {
        CommandSpec root = standardSpec("annogan", null);
        root.usageMessage()
                .description("AnnoGAN: adversarially trained image annotators on DJL.")
                .footer("", "Run 'annogan <command> --help' for a command's options.");
        CommandLine line = new CommandLine(root);
        for (Command command : commands) {
            String[] words = command.name().split(" ");
            CommandLine parent = line;
            for (int i = 0; i < words.length - 1; i++) {
                CommandLine group = parent.getSubcommands().get(words[i]);
                if (group == null) {
                    CommandSpec spec = standardSpec(words[i], null);
                    spec.usageMessage().description("the " + words[i] + " commands");
                    group = new CommandLine(spec);
                    parent.addSubcommand(words[i], group);
                }
                parent = group;
            }
            parent.addSubcommand(words[words.length - 1], new CommandLine(leafSpec(command)));
        }
        CommandSpec completion = standardSpec("completion", new Completion());
        completion
                .usageMessage()
                .description(
                        "print a bash completion script: source <(java -jar annogan.jar"
                                + " completion)");
        line.addSubcommand("completion", new CommandLine(completion));
        // Set once every subcommand is there: picocli passes them down to those present.
        line.setExpandAtFiles(false);
        line.setOverwrittenOptionsAllowed(true);
        // Unknown words are reported by run(), naming the command they were given to.
        line.setUnmatchedArgumentsAllowed(true);
        // Every command is listed by its full words, as users type them.
        line.getHelpSectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                        help -> commandList());
        return line;
    }

    private String commandList() {
        StringBuilder text = new StringBuilder();
        for (Command command : commands) {
            text.append(String.format("  %-16s %s%n", command.name(), command.summary()));
        }
        text.append(String.format("  %-16s %s%n", "completion", "print a bash completion script"));
        return text.toString();
    }

    private static CommandSpec standardSpec(String name, Object userObject) {
        CommandSpec spec =
                userObject == null
                        ? CommandSpec.create()
                        : CommandSpec.wrapWithoutInspection(userObject);
        spec.name(name);
        spec.version(version());
        spec.mixinStandardHelpOptions(true);
        return spec;
    }

    private static CommandSpec leafSpec(Command command) {
        CommandSpec spec =
                standardSpec(
                        command.name().substring(command.name().lastIndexOf(' ') + 1), command);
        spec.usageMessage()
                .description(command.summary())
                .sortOptions(false)
                .abbreviateSynopsis(true)
                .optionListHeading("%nOptions:%n");
        spec.usageMessage()
                .sectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                        help -> optionList(command));
        for (Option option : command.options()) {
            OptionSpec.Builder builder = OptionSpec.builder("--" + option.name());
            String help = option.help();
            if (option.isFlag()) {
                builder.arity("0").type(boolean.class);
            } else {
                builder.paramLabel(option.valueName())
                        .hideParamSyntax(true)
                        .required(option.isRequired());
                if (option.arity() > 1) {
                    builder.arity("1.." + option.arity())
                            .type(List.class)
                            .auxiliaryTypes(String.class);
                } else {
                    builder.arity("1").type(String.class);
                }
                if (option.isRequired()) {
                    help += " (required)";
                } else if (!option.defaultValue().isEmpty()) {
                    help += " (default: " + option.defaultValue() + ")";
                }
            }
            // picocli reads descriptions as format strings: a literal % must be doubled.
            builder.description(help.replace("%", "%%"));
            spec.addOption(builder.build());
        }
        if (command.usesEngine()) {
            spec.addOption(
                    OptionSpec.builder("--" + VERBOSE)
                            .arity("0")
                            .type(boolean.class)
                            .description(VERBOSE_HELP)
                            .build());
        }
        return spec;
    }

    /** Lists the options as users type them, {@code --data KIND PATH}, with their help. */
    private static String optionList(Command command) {
        StringBuilder text = new StringBuilder();
        for (Option option : command.options()) {
            String left = "--" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
            String help = option.help();
            if (option.isRequired()) {
                help += " (required)";
            } else if (!option.isFlag() && !option.defaultValue().isEmpty()) {
                help += " (default: " + option.defaultValue() + ")";
            }
            text.append(String.format("  %-26s %s%n", left, help));
        }
        if (command.usesEngine()) {
            text.append(String.format("  %-26s %s%n", "--" + VERBOSE, VERBOSE_HELP));
        }
        text.append(String.format("  %-26s %s%n", "--help", "show this help"));
        text.append(String.format("  %-26s %s%n", "--version", "print the version"));
        return text.toString();
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(
                new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** The {@code completion} command's marker. */
    private static final class Completion {}
}
