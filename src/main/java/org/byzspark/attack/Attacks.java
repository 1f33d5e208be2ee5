package org.byzspark.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/** The registry of attacks by command-line name. */
public final class Attacks {
  /** A registered attack: its declaration and its constructor. */
  public record Entry(Component spec, Function<Params, Attack> factory) {}

  private static final Map<String, Entry> ATTACKS = attacks();

  private Attacks() {}

  private static Map<String, Entry> attacks() {
    Map<String, Entry> m = new LinkedHashMap<>();
    m.put(NoAttack.NAME, new Entry(NoAttack.SPEC, NoAttack::new));
    m.put(LittleAttack.NAME, new Entry(LittleAttack.SPEC, LittleAttack::new));
    m.put(EmpireAttack.NAME, new Entry(EmpireAttack.SPEC, EmpireAttack::new));
    m.put(SignFlipAttack.NAME, new Entry(SignFlipAttack.SPEC, SignFlipAttack::new));
    m.put(LabelFlipAttack.NAME, new Entry(LabelFlipAttack.SPEC, LabelFlipAttack::new));
    m.put(GaussianAttack.NAME, new Entry(GaussianAttack.SPEC, GaussianAttack::new));
    m.put(OmniscientAttack.NAME, new Entry(OmniscientAttack.SPEC, OmniscientAttack::new));
    m.put(MimicAttack.NAME, new Entry(MimicAttack.SPEC, MimicAttack::new));
    m.put(NanAttack.NAME, new Entry(NanAttack.SPEC, NanAttack::new));
    m.put(InfAttack.NAME, new Entry(InfAttack.SPEC, InfAttack::new));
    m.put(ZeroAttack.NAME, new Entry(ZeroAttack.SPEC, ZeroAttack::new));
    m.put(AdaptiveAttack.NAME, new Entry(AdaptiveAttack.SPEC, AdaptiveAttack::new));
    m.put(MinMaxAttack.NAME, new Entry(MinMaxAttack.SPEC, MinMaxAttack::new));
    m.put(MinSumAttack.NAME, new Entry(MinSumAttack.SPEC, MinSumAttack::new));
    m.put(FangAttack.NAME, new Entry(FangAttack.SPEC, FangAttack::new));
    m.put(TailoredAttack.NAME, new Entry(TailoredAttack.SPEC, TailoredAttack::new));
    return Collections.unmodifiableMap(m);
  }

  public static List<String> names() {
    return new ArrayList<>(ATTACKS.keySet());
  }

  /** The attacks that forge from the Byzantine workers' own honest messages, in registry order. */
  public static List<String> needingOwn() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : ATTACKS.entrySet()) {
      if (e.getValue().factory().apply(Params.empty()).needsOwn()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** The declaration of attack {@code name}; fails on an unknown name. */
  public static Component spec(String name) {
    return entry(name).spec();
  }

  private static Entry entry(String name) {
    Entry e = ATTACKS.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "unknown attack '" + name + "'; allowed: " + String.join(", ", ATTACKS.keySet()));
    }
    return e;
  }

  /** A fresh attack; fails on an unknown name or parameter with a one-line message. */
  public static Attack create(String name, Params params) {
    return entry(name).factory().apply(params);
  }
}
