package org.byzspark.options;

/**
 * The groups options are declared in, in the order help and docs/options.md list them. A group is
 * shared by every command that takes its options (the rule's by {@code train}, {@code aggregate}
 * and {@code attack}; Spark's by {@code train} and {@code grid}; ...).
 */
public enum OptionGroup {
  /** Options of one command only (grid's --parallel, aggregate's --input, ...). */
  COMMAND("command", "Options of this command"),
  DATA("data", "Data and model"),
  TRAINING("training", "Training"),
  ATTACK("attack", "Attack (the Byzantine workers)"),
  RULE("rule", "Aggregation rule and pre-aggregators"),
  OUTPUT("output", "Job file, output and checkpoints"),
  SPARK("spark", "Spark"),
  HGO(
      "hgo",
      "HGO, SGD with a deadline, BRSGD schedules, the federated setting, heterogeneous data and the threat model");

  private final String key;
  private final String title;

  OptionGroup(String key, String title) {
    this.key = key;
    this.title = title;
  }

  /** The name on the command line ({@code byzspark options --group hgo}). */
  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  /** The group named {@code key}; fails with the allowed names. */
  public static OptionGroup of(String key) {
    for (OptionGroup g : values()) {
      if (g.key.equals(key.strip())) {
        return g;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (OptionGroup g : values()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(g.key);
    }
    throw new IllegalArgumentException("--group: " + key + " is not allowed; allowed: " + allowed);
  }
}
