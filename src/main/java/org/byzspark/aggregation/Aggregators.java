package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.byzspark.util.Registry;

/**
 * The registry of aggregation rules and pre-aggregators by command-line name.
 *
 * <p>Each entry is a declaration ({@link Component}: name, summary, parameters) and a constructor,
 * held in a {@link Registry} (the mechanism shared with attacks, models and datasets); the registry
 * is the single source of the names, help and tables. {@link #pipeline} composes pre-aggregators in
 * front of a rule. Unknown names fail with a message that lists the known ones.
 */
public final class Aggregators {
  /** A registered component: its declaration and its constructor. */
  public record Entry<T>(Component spec, Function<Params, T> factory) {}

  private static final Registry<Entry<Aggregator>> RULES = rules();
  private static final Registry<Entry<PreAggregator>> PRE = preAggregators();

  private Aggregators() {}

  private static Registry<Entry<Aggregator>> rules() {
    Registry.Builder<Entry<Aggregator>> m = Registry.builder("aggregator", e -> e.spec().name());
    registerCoordinateWise(m);
    registerDistanceBased(m);
    return m.build();
  }

  /** Averaging and the coordinate-wise rules. */
  private static void registerCoordinateWise(Registry.Builder<Entry<Aggregator>> m) {
    add(m, Average.SPEC, Average::new);
    add(m, CoordinateWiseTrimmedMean.SPEC, CoordinateWiseTrimmedMean::new);
    add(m, CoordinateWiseMedian.SPEC, CoordinateWiseMedian::new);
    add(m, MeanAroundMedian.SPEC, MeanAroundMedian::new);
  }

  /*
   * ---------------------------------------------------------------------------------------------
   * The rules below select or weight whole vectors by their distances (Krum family, Bulyan, MDA,
   * geometric median, centered clipping, CGE, Aksel, ...).
   * ---------------------------------------------------------------------------------------------
   */

  /** Rules driven by distances between whole vectors. */
  private static void registerDistanceBased(Registry.Builder<Entry<Aggregator>> m) {
    add(m, Krum.SPEC, Krum::new);
    add(m, MultiKrum.SPEC, MultiKrum::new);
    add(m, KrumStar.SPEC, KrumStar::new);
    add(m, MultiKrumStar.SPEC, MultiKrumStar::new);
    add(m, Medoid.SPEC, Medoid::new);
    add(m, PKrum.SPEC, PKrum::new);
    add(m, Bulyan.SPEC, Bulyan::new);
    add(m, AggregaThor.SPEC, AggregaThor::new);
    add(m, Mda.SPEC, Mda::new);
    add(m, GeometricMedian.SPEC, GeometricMedian::new);
    add(m, CenteredClipping.SPEC, CenteredClipping::new);
    add(m, Cge.SPEC, Cge::new);
    add(m, Aksel.SPEC, Aksel::new);
    registerRecent(m);
  }

  /** Rules compared against since 2020: nearest to a reference, covariance filters, clustering. */
  private static void registerRecent(Registry.Builder<Entry<Aggregator>> m) {
    add(m, Caf.SPEC, Caf::new);
    add(m, Smea.SPEC, Smea::new);
    add(m, DivideAndConquer.SPEC, DivideAndConquer::new);
    add(m, Monna.SPEC, Monna::new);
    add(m, Phocas.SPEC, Phocas::new);
    add(m, Rfa.SPEC, Rfa::new);
    add(m, SignGuard.SPEC, SignGuard::new);
    add(m, ClippedClustering.SPEC, ClippedClustering::new);
    add(m, FoolsGold.SPEC, FoolsGold::new);
    add(m, FlTrust.SPEC, FlTrust::new);
  }

  private static Registry<Entry<PreAggregator>> preAggregators() {
    Registry.Builder<Entry<PreAggregator>> m =
        Registry.builder("pre-aggregator", e -> e.spec().name());
    add(m, NearestNeighborMixing.SPEC, NearestNeighborMixing::new);
    add(m, Bucketing.SPEC, Bucketing::new);
    add(m, StaticClipping.SPEC, StaticClipping::new);
    add(m, AdaptiveRobustClipping.SPEC, AdaptiveRobustClipping::new);
    return m.build();
  }

  private static <T> void add(Registry.Builder<Entry<T>> m, Component spec, Function<Params, T> f) {
    m.add(new Entry<>(spec, f));
  }

  /**
   * Adds rule {@code spec} until the returned registration is closed (see {@link Registry}); fails
   * when the name is taken.
   */
  public static Registry<Entry<Aggregator>>.Registration register(
      Component spec, Function<Params, Aggregator> factory) {
    return RULES.register(new Entry<>(spec, factory));
  }

  /** Adds pre-aggregator {@code spec} until the returned registration is closed. */
  public static Registry<Entry<PreAggregator>>.Registration registerPre(
      Component spec, Function<Params, PreAggregator> factory) {
    return PRE.register(new Entry<>(spec, factory));
  }

  /** The declaration of rule {@code name}; fails on an unknown name. */
  public static Component spec(String name) {
    return RULES.get(name).spec();
  }

  /** The declaration of pre-aggregator {@code name}; fails on an unknown name. */
  public static Component preSpec(String name) {
    return PRE.get(name).spec();
  }

  /** The names of all rules, in registration order. */
  public static List<String> names() {
    return RULES.names();
  }

  /** The names of all pre-aggregators, in registration order. */
  public static List<String> preNames() {
    return PRE.names();
  }

  /** A fresh rule; fails on an unknown name or parameter with a one-line message. */
  public static Aggregator create(String name, Params params) {
    return RULES.get(name).factory().apply(params);
  }

  /** A fresh pre-aggregator from {@code name} or {@code name:key=value,...}. */
  public static PreAggregator createPre(String spec) {
    Map.Entry<String, Params> named = Params.parseNamed(spec);
    return PRE.get(named.getKey()).factory().apply(named.getValue());
  }

  /**
   * The rule {@code rule} (with {@code ruleParams}) preceded by the pre-aggregators given as {@code
   * name} or {@code name:key=value,...} specs, applied in list order; just the rule when the list
   * is empty. E.g. {@code pipeline(List.of("nnm", "clip:c=2"), "cwtm", Params.empty())} is {@code
   * nnm+clip+cwtm}.
   */
  public static Aggregator pipeline(List<String> preSpecs, String rule, Params ruleParams) {
    Aggregator r = create(rule, ruleParams);
    if (preSpecs == null || preSpecs.isEmpty()) {
      return r;
    }
    List<PreAggregator> pres = new ArrayList<>();
    for (String spec : preSpecs) {
      pres.add(createPre(spec));
    }
    return new Pipeline(pres, r);
  }
}
