package org.byzspark.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.byzspark.util.Registry;

/**
 * The registry of attacks by command-line name: a {@link Registry} (the mechanism shared with
 * rules, models and datasets) of declarations and constructors.
 */
public final class Attacks {
  /** A registered attack: its declaration and its constructor. */
  public record Entry(Component spec, Function<Params, Attack> factory) {}

  private static final Registry<Entry> ATTACKS = attacks();

  private Attacks() {}

  private static Registry<Entry> attacks() {
    return Registry.<Entry>builder("attack", e -> e.spec().name())
        .add(new Entry(NoAttack.SPEC, NoAttack::new))
        .add(new Entry(LittleAttack.SPEC, LittleAttack::new))
        .add(new Entry(EmpireAttack.SPEC, EmpireAttack::new))
        .add(new Entry(SignFlipAttack.SPEC, SignFlipAttack::new))
        .add(new Entry(LabelFlipAttack.SPEC, LabelFlipAttack::new))
        .add(new Entry(GaussianAttack.SPEC, GaussianAttack::new))
        .add(new Entry(OmniscientAttack.SPEC, OmniscientAttack::new))
        .add(new Entry(MimicAttack.SPEC, MimicAttack::new))
        .add(new Entry(NanAttack.SPEC, NanAttack::new))
        .add(new Entry(InfAttack.SPEC, InfAttack::new))
        .add(new Entry(ZeroAttack.SPEC, ZeroAttack::new))
        .add(new Entry(AdaptiveAttack.SPEC, AdaptiveAttack::new))
        .add(new Entry(MinMaxAttack.SPEC, MinMaxAttack::new))
        .add(new Entry(MinSumAttack.SPEC, MinSumAttack::new))
        .add(new Entry(FangAttack.SPEC, FangAttack::new))
        .add(new Entry(TailoredAttack.SPEC, TailoredAttack::new))
        .add(new Entry(BackdoorAttack.SPEC, BackdoorAttack::new))
        .add(new Entry(ReplacementAttack.SPEC, ReplacementAttack::new))
        .build();
  }

  /**
   * Adds attack {@code spec} until the returned registration is closed (see {@link Registry});
   * fails when the name is taken.
   */
  public static Registry<Entry>.Registration register(
      Component spec, Function<Params, Attack> factory) {
    return ATTACKS.register(new Entry(spec, factory));
  }

  public static List<String> names() {
    return ATTACKS.names();
  }

  /** The attacks that forge from the Byzantine workers' own honest messages, in registry order. */
  public static List<String> needingOwn() {
    List<String> out = new ArrayList<>();
    for (Entry e : ATTACKS.all()) {
      if (e.factory().apply(Params.empty()).needsOwn()) {
        out.add(e.spec().name());
      }
    }
    return out;
  }

  /** The declaration of attack {@code name}; fails on an unknown name. */
  public static Component spec(String name) {
    return ATTACKS.get(name).spec();
  }

  /** A fresh attack; fails on an unknown name or parameter with a one-line message. */
  public static Attack create(String name, Params params) {
    return ATTACKS.get(name).factory().apply(params);
  }
}
