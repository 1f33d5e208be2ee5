package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.byzspark.io.Csv;
import org.junit.jupiter.api.Test;

/** The tables of hand-made runs, checked against values computed by hand. */
class ResultsTablesTest {
  static ResultsTables.RunRecord rec(
      String id, String status, String rule, String attack, String seed, double... acc) {
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("aggregator", rule);
    cfg.put("attack", attack);
    cfg.put("attack_params", "");
    cfg.put("seed", seed);
    List<Map<String, String>> metrics = new ArrayList<>();
    for (int i = 0; i < acc.length; i++) {
      for (int s = 1; s <= 2; s++) { // two steps per evaluation, only the second evaluated
        Map<String, String> m = new LinkedHashMap<>();
        m.put("step", Integer.toString(2 * i + s));
        m.put("train_loss", Double.toString(1.0 / (2 * i + s)));
        m.put("test_accuracy", s == 2 ? Double.toString(acc[i]) : "");
        metrics.add(m);
      }
    }
    return new ResultsTables.RunRecord(
        id, status, status.equals("failed") ? "diverged, at 3" : "", cfg, metrics, 12.5);
  }

  static Map<String, String> row(List<String> header, List<String> values) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), values.get(i));
    }
    return m;
  }

  @Test
  void summaryResultsAndWorstCaseByHand() {
    List<ResultsTables.RunRecord> runs =
        List.of(
            rec("a", "finished", "cwtm", "none", "1", 0.5, 0.9),
            rec("b", "finished", "cwtm", "little", "1", 0.6, 0.7),
            rec("c", "finished", "cwtm", "empire", "1", 0.8, 0.75),
            rec("d", "failed", "cwtm", "signflip", "1", 0.3),
            rec("e", "finished", "average", "none", "1", 0.4, 0.95));
    ResultsTables.Tables t = ResultsTables.build(runs);

    // results: only evaluated steps, 2 + 2 + 2 + 1 + 2 rows
    assertEquals(9, t.results().size());
    Map<String, String> r0 = row(t.resultsHeader(), t.results().get(0));
    assertEquals("a", r0.get("run_id"));
    assertEquals("2", r0.get("step"));
    assertEquals("0.5", r0.get("test_accuracy"));

    Map<String, String> b = row(t.summaryHeader(), t.summary().get(1));
    assertEquals("0.7", b.get("final_accuracy"));
    assertEquals("0.7", b.get("best_accuracy"));
    assertEquals(Double.toString(1.0 / 4), b.get("final_train_loss"));
    assertEquals("4", b.get("steps_done"));
    Map<String, String> d = row(t.summaryHeader(), t.summary().get(3));
    assertEquals("", d.get("final_accuracy"));
    assertEquals("0.3", d.get("best_accuracy"));
    assertEquals("diverged, at 3", d.get("error"));

    // worst case: cwtm over {little 0.7, empire 0.75} (none not counted), signflip failed;
    // average has only the baseline, which then counts
    assertEquals(
        List.of("aggregator", "seed", "worst_final_accuracy", "worst_attack", "attacks", "failed"),
        t.worstHeader());
    assertEquals(
        List.of(
            List.of("cwtm", "1", "0.7", "little", "2", "1"),
            List.of("average", "1", "0.95", "none", "1", "0")),
        t.worst());

    // the CSV round trip keeps a field with a comma
    String csv = Csv.render(t.summaryHeader(), t.summary());
    assertEquals("diverged, at 3", Csv.parse(csv).get(3).get("error"));
    assertEquals(5, Csv.parse(csv).size());
  }

  @Test
  void regressionRunsKeepTheirTestMseRows() {
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("model", "linear");
    cfg.put("attack", "none");
    List<Map<String, String>> metrics = new ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("step", Integer.toString(s));
      m.put("train_loss", "1.5");
      m.put("test_accuracy", "");
      m.put("test_mse", s % 2 == 0 ? Double.toString(1.0 / s) : "");
      metrics.add(m);
    }
    ResultsTables.Tables t =
        ResultsTables.build(
            List.of(new ResultsTables.RunRecord("r", "finished", "", cfg, metrics, 3.0)));
    // evaluated steps 2 and 4, by their test_mse
    assertEquals(2, t.results().size());
    Map<String, String> last = row(t.resultsHeader(), t.results().get(1));
    assertEquals("4", last.get("step"));
    assertEquals("0.25", last.get("test_mse"));
    assertEquals("", last.get("test_accuracy"));
    Map<String, String> s = row(t.summaryHeader(), t.summary().get(0));
    assertEquals("", s.get("final_accuracy"));
    assertEquals("", s.get("best_accuracy"));
    assertEquals("4", s.get("steps_done"));
  }

  /** A run under a targeted attack: its metrics have test_asr at every evaluation. */
  static ResultsTables.RunRecord targeted(
      String id, String status, String rule, String attack, double[] acc, double[] asr) {
    ResultsTables.RunRecord r = rec(id, status, rule, attack, "1", acc);
    List<Map<String, String>> metrics = new ArrayList<>();
    for (Map<String, String> m : r.metrics()) {
      Map<String, String> withAsr = new LinkedHashMap<>(m);
      int step = Integer.parseInt(m.get("step"));
      withAsr.put("test_asr", step % 2 == 0 ? Double.toString(asr[step / 2 - 1]) : "");
      metrics.add(withAsr);
    }
    return new ResultsTables.RunRecord(
        r.runId(), r.status(), r.error(), r.config(), metrics, r.wallSeconds());
  }

  @Test
  void targetedAttacksGiveTheFinalSuccessRateAndItsWorstCase() {
    List<ResultsTables.RunRecord> runs =
        List.of(
            rec("a", "finished", "cwtm", "none", "1", 0.5, 0.9),
            targeted(
                "b",
                "finished",
                "cwtm",
                "backdoor",
                new double[] {0.6, 0.8},
                new double[] {0.9, 0.4}),
            targeted(
                "c",
                "finished",
                "cwtm",
                "replacement",
                new double[] {0.7, 0.6},
                new double[] {0.2, 0.7}),
            targeted("d", "failed", "cwtm", "backdoor", new double[] {0.3}, new double[] {1.0}),
            targeted(
                "e",
                "finished",
                "average",
                "backdoor",
                new double[] {0.4, 0.85},
                new double[] {0.5, 0.99}));
    ResultsTables.Tables t = ResultsTables.build(runs);
    int acc = t.summaryHeader().indexOf("final_accuracy");
    assertEquals("final_test_asr", t.summaryHeader().get(acc + 1));
    List<String> finalAsr = new ArrayList<>();
    for (List<String> r : t.summary()) {
      finalAsr.add(row(t.summaryHeader(), r).get("final_test_asr"));
    }
    // the last evaluation's rate; empty without a targeted attack and for the failed run
    assertEquals(List.of("", "0.4", "0.7", "", "0.99"), finalAsr);
    // cwtm: accuracy worst 0.6 (replacement), success worst 0.7 (replacement; the failed run's
    // 1.0 is not a final rate); average: only backdoor
    assertEquals(
        List.of(
            "aggregator",
            "seed",
            "worst_final_accuracy",
            "worst_attack",
            "attacks",
            "failed",
            "worst_test_asr",
            "worst_asr_attack"),
        t.worstHeader());
    assertEquals(
        List.of(
            List.of("cwtm", "1", "0.6", "replacement", "2", "1", "0.7", "replacement"),
            List.of("average", "1", "0.85", "backdoor", "1", "0", "0.99", "backdoor")),
        t.worst());
  }

  @Test
  void anOptionMissingFromAnOlderRunJsonIsItsDefault() {
    ResultsTables.RunRecord older = rec("a", "finished", "cwtm", "little", "1", 0.9);
    ResultsTables.RunRecord newer = rec("b", "finished", "cwtm", "empire", "1", 0.8);
    Map<String, String> cfg = new LinkedHashMap<>(newer.config());
    cfg.put("label_col", "label");
    cfg.put("local_steps", "1");
    newer =
        new ResultsTables.RunRecord("b", "finished", "", cfg, newer.metrics(), newer.wallSeconds());
    ResultsTables.Tables t = ResultsTables.build(List.of(older, newer));
    Map<String, String> a = row(t.summaryHeader(), t.summary().get(0));
    assertEquals("label", a.get("label_col"));
    assertEquals("1", a.get("local_steps")); // the declared default of --local-steps
    // so both runs are one configuration of the worst case: cwtm's worst is empire's 0.8
    assertEquals(1, t.worst().size());
    assertEquals("0.8", row(t.worstHeader(), t.worst().get(0)).get("worst_final_accuracy"));
  }
}
