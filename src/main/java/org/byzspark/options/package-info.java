/**
 * Command-line options declared once: plain data (no Spark) from which parsing, validation, {@code
 * --help}, the typed configurations, run.json's {@code config}, grids, {@code --resume}, the run
 * hash, the results columns and the option tables of docs/options.md are all derived.
 *
 * <h2>Declaring an option</h2>
 *
 * An {@link org.byzspark.options.OptionSpec} is immutable; its factories give the type ({@code
 * text}, {@code integer}, {@code longInteger}, {@code number}, {@code size}, {@code toggle}, {@code
 * choice}, {@code items} for a repeatable option, or {@code of} with any {@link
 * org.byzspark.options.OptionType}), and the {@code with}-style methods the rest:
 *
 * <pre>{@code
 * public static final OptionSpec<Double> TAU =
 *     OptionSpec.number("tau", "TAU")                   // --tau TAU, a double
 *         .defaultValue("1")                             // as written on the command line
 *         .check(t -> t > 0 && Double.isFinite(t), "a finite number > 0")
 *         .group(OptionGroup.HGO)
 *         .help("HGO's time budget τ per step (> 0), in simulated time units");
 *
 * public static final OptionSpec<Double> CLIP =
 *     OptionSpec.number("clip", "C")
 *         .defaultValue("2")
 *         .word("none", Double.POSITIVE_INFINITY)      // a word for a value
 *         .check(c -> c > 0, "a number > 0, or none")
 *         .recorded(c -> Double.isInfinite(c) ? "none" : c)   // its run.json form
 *         .group(OptionGroup.TRAINING)
 *         .help("gradient norm bound C (> 0), or `none`");
 *
 * public static final OptionSpec<String> MASTER =
 *     OptionSpec.text("master", "URL")
 *         .defaultDoc("`local[*]`")                      // no default value, a default in words
 *         .not(Flag.GRID, Flag.HASHED, Flag.COLUMN)      // departures from the default flags
 *         .also(Flag.RESUME_MAY_DIFFER)
 *         .group(OptionGroup.SPARK)
 *         .help("Spark master URL; under `spark-submit`, the master it sets");
 * }</pre>
 *
 * Validation is {@code check} (a test on the typed value and its words: {@code --tau: 0.0 is not
 * allowed; allowed: a finite number > 0}) or {@code validate} (a function that throws its own
 * one-line message, e.g. a spec with a grammar). Flags ({@link
 * org.byzspark.options.OptionSpec.Flag}) default to: may appear in a grid file, in the run hash,
 * recorded in run.json, a results column, and must not change on {@code --resume}.
 *
 * <h2>Reading options</h2>
 *
 * <pre>{@code
 * OptionValues v = OptionValues.parse(TrainOptions.ALL, texts);  // Map<String, List<String>>
 * double tau = v.get(TrainOptions.TAU);
 * TrainConfig cfg = TrainConfig.of(v);      // the typed configurations read the same values
 * HgoOptions hgo = HgoOptions.of(v);
 * TrainConfig test = TrainConfig.builder().set(TrainOptions.WORKERS, 7).set("attack", "empire").build();
 * Map<String, Object> runJson = v.record(TrainOptions.CONFIG);    // run.json's "config"
 * }</pre>
 *
 * Another option set (e.g. a federated setting's, or an estimator's parameters) declares its own
 * {@code OptionSpec} constants in a list like {@link org.byzspark.options.TrainOptions#ALL}, reuses
 * shared ones (or varies them: {@code AGGREGATOR.withoutDefault().required()}), and reads them the
 * same way; {@link org.byzspark.options.OptionTables} renders any list as tables.
 */
package org.byzspark.options;
