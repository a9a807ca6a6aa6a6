package dev.seqconv.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.seqconv.api.io.FileNames;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seqconv}: train and evaluate the networks of Deep Learning with Python 6.4 on the JVM. */
@Command(name = "seqconv", mixinStandardHelpOptions = true, version = "seqconv 0.1.0",
        description = "Trains and evaluates the 1D convnets and recurrent networks of Deep Learning with Python 6.4 "
                + "on ND4J or TensorFlow.",
        subcommands = {BackendsCommand.class, SummaryCommand.class, TrainCommand.class, EvaluateCommand.class,
                BaselineCommand.class, InspectCommand.class, ConvertCommand.class, PredictCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** The top-level command; picocli makes it through Guice. */
    public Main() {
    }

    public static void main(String[] args) {
        try {
            FileNames.requireDecodableWorkingFolder();
        } catch (IllegalArgumentException e) {
            System.err.println("seqconv: " + e.getMessage());
            System.exit(CommandLine.ExitCode.SOFTWARE);
        }
        System.exit(run(Guice.createInjector(new SeqconvModule()), args));
    }

    /** Runs one command line; returns the exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Injector injector, String... args) {
        CommandLine cli = new CommandLine(Main.class, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type.getName().startsWith("dev.seqconv.") ? injector.getInstance(type)
                        : CommandLine.defaultFactory().create(type);
            }
        });
        cli.registerConverter(Path.class, Main::path);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("seqconv: " + e.getMessage());
            if (System.getenv("SEQCONV_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** A file name on the command line, refused with the locale to use where Java cannot take it as a path. */
    private static Path path(String name) {
        try {
            return FileNames.of(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
