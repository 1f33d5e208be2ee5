/**
 * Aggregation rules and pre-aggregators, written as programs over the {@link
 * org.byzspark.aggregation.VectorSet} algebra.
 *
 * <h2>Layout of a rule's documentation</h2>
 *
 * <p>The class comment of every rule, pre-aggregator (and attack, in {@link org.byzspark.attack})
 * has the same sections, in this order, each omitted only when it has nothing to say:
 *
 * <ul>
 *   <li><b>Definition</b>: the formula, with the paper it comes from as a key of the bibliography
 *       below, e.g. [RESAM, C.3];
 *   <li><b>Requirement</b>: the condition on (n, f) checked by {@link
 *       org.byzspark.aggregation.Checks};
 *   <li><b>Resilience</b>: λ of (f, λ)-resilient averaging ([RESAM] Definition 2 and Table 1) as
 *       returned by {@code theory}, or "none" with the reason;
 *   <li><b>Non-finite inputs</b>: what NaN and ±Inf entries do;
 *   <li><b>Parameters</b>: a pointer to the class's {@code SPEC} declaration, where names, types,
 *       defaults and validation are declared once (not repeated in prose);
 *   <li><b>Implementation</b>: how it is written over the algebra, tie-breaking, summation order,
 *       and choices where the paper is ambiguous.
 * </ul>
 *
 * <h2>Bibliography</h2>
 *
 * <p>Keys used in the Javadoc of this package and of {@link org.byzspark.attack}. The papers marked
 * (*) are in the project's {@code shared/papers} folder.
 *
 * <dl>
 *   <dt>[RESAM] (*)
 *   <dd>S. Farhadkhani, R. Guerraoui, N. Gupta, R. Pinot, J. Stephan. Byzantine Machine Learning
 *       Made Easy by Resilient Averaging of Momentums. ICML 2022. Definition 2 ((f, λ)-resilient
 *       averaging), Table 1 (λ per rule), appendix C (rules and proofs), appendix D.1 (attacks).
 *   <dt>[KRUM]
 *   <dd>P. Blanchard, E. M. El Mhamdi, R. Guerraoui, J. Stainer. Machine Learning with Adversaries:
 *       Byzantine Tolerant Gradient Descent. NeurIPS 2017.
 *   <dt>[KRUM-SUPP] (*)
 *   <dd>Supplementary material of [KRUM]: proofs (η(n, f), Proposition 1), the Medoid and 1−p Krum
 *       variants (section 4), the Gaussian and omniscient Byzantine workers (section 5).
 *   <dt>[AGGREGATHOR]
 *   <dd>G. Damaskinos, E. M. El Mhamdi, R. Guerraoui, A. Guirguis, S. Rouault. AggregaThor:
 *       Byzantine Machine Learning via Robust Gradient Aggregation. SysML 2019.
 *   <dt>[AGGREGATHOR-PROOFS] (*)
 *   <dd>E. M. El Mhamdi, R. Guerraoui, S. Rouault et al. Supplementary proofs: AggregaThor
 *       Byzantine-resilience and convergence speed (technical report): Multi-Krum and Bulyan over
 *       Multi-Krum, η of Lemma 1, slowdown √(m/n).
 *   <dt>[BULYAN]
 *   <dd>E. M. El Mhamdi, R. Guerraoui, S. Rouault. The Hidden Vulnerability of Distributed Learning
 *       in Byzantium. ICML 2018.
 *   <dt>[HGO] (*)
 *   <dd>Democratizing Machine Learning: Resilient Distributed Learning with Heterogeneous
 *       Participants (HGO; anonymous version, 2021): Aksel (section 2.3), the z_max of the "little"
 *       attack (Algorithm 2).
 *   <dt>[BRSGD] (*)
 *   <dd>A simplified convergence theory for Byzantine resilient stochastic gradient descent (the
 *       generic method of [KRUM]).
 *   <dt>[YIN18]
 *   <dd>D. Yin, Y. Chen, K. Ramchandran, P. Bartlett. Byzantine-Robust Distributed Learning:
 *       Towards Optimal Statistical Rates. ICML 2018 (coordinate-wise trimmed mean and median).
 *   <dt>[XIE18]
 *   <dd>C. Xie, O. Koyejo, I. Gupta. Generalized Byzantine-tolerant SGD. 2018 (mean around the
 *       median).
 *   <dt>[ROUSSEEUW85]
 *   <dd>P. J. Rousseeuw. Multivariate estimation with high breakdown point. 1985 (minimum-diameter
 *       subsets).
 *   <dt>[MDA18]
 *   <dd>E. M. El Mhamdi, R. Guerraoui, S. Rouault. 2018 (minimum-diameter averaging as a rule; see
 *       [BULYAN]).
 *   <dt>[RFA]
 *   <dd>K. Pillutla, S. M. Kakade, Z. Harchaoui. Robust Aggregation for Federated Learning. IEEE
 *       Transactions on Signal Processing, 2022 (smoothed Weiszfeld).
 *   <dt>[VARDI-ZHANG]
 *   <dd>Y. Vardi, C.-H. Zhang. The multivariate L1-median and associated data depth. PNAS 2000
 *       (optimality condition at a data point).
 *   <dt>[CC]
 *   <dd>S. P. Karimireddy, L. He, M. Jaggi. Learning from History for Byzantine Robust
 *       Optimization. ICML 2021 (centered clipping).
 *   <dt>[CGE]
 *   <dd>N. Gupta, S. Liu, N. H. Vaidya. Byzantine Fault-Tolerant Distributed Machine Learning Using
 *       Stochastic Gradient Descent and Norm-Based Comparative Gradient Elimination. 2021.
 *   <dt>[AKSEL]
 *   <dd>A. Boussetta, E. M. El Mhamdi, R. Guerraoui, A. Maurer, S. Rouault. AKSEL: Fast Byzantine
 *       SGD. OPODIS 2020.
 *   <dt>[NNM]
 *   <dd>Y. Allouah, S. Farhadkhani, R. Guerraoui, N. Gupta, R. Pinot, J. Stephan. Fixing by Mixing:
 *       A Recipe for Optimal Byzantine ML under Heterogeneity. AISTATS 2023.
 *   <dt>[BUCKETING]
 *   <dd>S. P. Karimireddy, L. He, M. Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via
 *       Bucketing. ICLR 2022 (Algorithm 1; also the {@code mimic} attack).
 *   <dt>[ARC]
 *   <dd>Y. Allouah et al. Boosting Robustness by Clipping Gradients in Distributed Learning. 2024
 *       (adaptive robust clipping).
 *   <dt>[LITTLE]
 *   <dd>M. Baruch, G. Baruch, Y. Goldberg. A Little Is Enough: Circumventing Defenses for
 *       Distributed Learning. NeurIPS 2019.
 *   <dt>[EMPIRE]
 *   <dd>C. Xie, O. Koyejo, I. Gupta. Fall of Empires: Breaking Byzantine-tolerant SGD by Inner
 *       Product Manipulation. UAI 2019.
 *   <dt>[ALLEN-ZHU21]
 *   <dd>Z. Allen-Zhu, F. Ebrahimian, J. Li, D. Alistarh. Byzantine-Resilient Non-Convex Stochastic
 *       Gradient Descent. ICLR 2021 (sign flipping, label flipping).
 *   <dt>[SHEJWALKAR21]
 *   <dd>V. Shejwalkar, A. Houmansadr. Manipulating the Byzantine: Optimizing Model Poisoning
 *       Attacks and Defenses for Federated Learning. NDSS 2021 (the AGR-tailored attacks and the
 *       AGR-agnostic min-max and min-sum attacks, with their perturbation vectors and search for γ;
 *       also the divide-and-conquer rule, Algorithm 2).
 *   <dt>[FANG20]
 *   <dd>M. Fang, X. Cao, J. Jia, N. Z. Gong. Local Model Poisoning Attacks to Byzantine-Robust
 *       Federated Learning. USENIX Security 2020 (the full-knowledge attacks on Krum and on trimmed
 *       mean and median).
 *   <dt>[BLADES]
 *   <dd>S. Li, E. Ngai, F. Ye, L. Ju, T. Zhang, T. Voigt. Blades: A Unified Benchmark Suite for
 *       Byzantine Attacks and Defenses in Federated Learning. IoTDI 2024.
 *   <dt>[BYZFL]
 *   <dd>ByzFL, the robust federated learning library of EPFL's Distributed Computing Laboratory
 *       (module {@code byzfl.attacks}: {@code Optimal_ALittleIsEnough}, {@code
 *       Optimal_InnerProductManipulation}, the {@code LineMaximize} search).
 *   <dt>[CAF]
 *   <dd>Y. Allouah, R. Guerraoui, J. Stephan. Towards Trustworthy Federated Learning with Untrusted
 *       Participants. ICML 2025 (covariance-bound agnostic filter).
 *   <dt>[SMEA]
 *   <dd>Y. Allouah, R. Guerraoui, N. Gupta, R. Pinot, J. Stephan. On the Privacy-Robustness-Utility
 *       Trilemma in Distributed Learning. ICML 2023 (smallest maximum eigenvalue averaging).
 *   <dt>[MONNA]
 *   <dd>S. Farhadkhani, R. Guerraoui, N. Gupta, L.-N. Hoang, R. Pinot, J. Stephan. Robust
 *       Collaborative Learning with Linear Gradient Overhead. ICML 2023 (MoNNA).
 *   <dt>[PHOCAS]
 *   <dd>C. Xie, O. Koyejo, I. Gupta. Phocas: Dimensional Byzantine-resilient Stochastic Gradient
 *       Descent. 2018.
 *   <dt>[SIGNGUARD]
 *   <dd>J. Xu, S.-L. Huang, L. Song, T. Lan. Byzantine-robust Federated Learning through
 *       Collaborative Malicious Gradient Filtering. ICDCS 2022 (SignGuard).
 *   <dt>[CLIPPEDCLUSTERING]
 *   <dd>S. Li, E. C.-H. Ngai, T. Voigt. An Experimental Study of Byzantine-Robust Aggregation
 *       Schemes in Federated Learning. IEEE Transactions on Big Data, 2023 (ClippedClustering).
 *   <dt>[FOOLSGOLD]
 *   <dd>C. Fung, C. J. M. Yoon, I. Beschastnikh. The Limitations of Federated Learning in Sybil
 *       Settings. RAID 2020 (FoolsGold).
 *   <dt>[FLTRUST]
 *   <dd>X. Cao, M. Fang, J. Liu, N. Z. Gong. FLTrust: Byzantine-robust Federated Learning via Trust
 *       Bootstrapping. NDSS 2021 (Algorithm 1; Theorem 1).
 * </dl>
 */
package org.byzspark.aggregation;
