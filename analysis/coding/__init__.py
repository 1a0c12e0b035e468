"""Check the measures on your own corpus by hand coding: one module per step.

Measures validated on other people's data need not carry over to a new corpus,
so quantitative content analysis checks them against manual coding of the corpus
at hand. This package does that end to end:

1. :mod:`~analysis.coding.sample`: :func:`draw_sample` draws units (sentences,
   paragraphs or articles), stratified by group and by the suite's own decisions
   (hedged, human interest), so rare positives are present; every unit keeps its
   inclusion probability, and every figure below is weighted back to the corpus
   with its inverse.
2. :mod:`~analysis.coding.sheets`: :func:`write_sample` writes the coder's sheet
   (the unit and its context in shuffled order and nothing the suite decided; the
   suite's answers stay in ``design.csv``); :func:`read_sheets` reads the coded
   sheets back, refusing (:class:`CodingSheetError`, naming sheet, row and problem)
   unknown units, missing or out-of-range codes, a sheet of another sample and two
   sheets by one coder.
3. :mod:`~analysis.coding.agreement`: :func:`intercoder_agreement`, Krippendorff's
   alpha per code (``krippendorff`` package) at the code's level of measurement,
   with a bootstrap interval over units; :func:`disagreements` lists where coders
   differ; :func:`suite_agreement`, the suite against each coder and their
   consensus: precision, recall and F1 for yes/no codes, Spearman and Pearson for
   tone (weighted to the corpus), and alpha with the suite as one more coder;
   :func:`suite_errors` lists the units the suite got wrong with what fired.
4. :mod:`~analysis.coding.corrected`: :func:`corrected_comparison`, the group
   difference of each yes/no measure before and after correcting for the suite's
   error rates in each group, as estimated on the coded sample (calibration, and
   Rogan & Gladen 1978), with intervals from a bootstrap that redraws both the coded
   sample (within strata) and the suite's corpus prevalence; and whether the
   difference survives.
5. :mod:`~analysis.coding.codebook`: the codebook the coders read, one code per
   suite decision, built from the measures.
6. :mod:`~analysis.coding.adapt`: the learned layer adapted to the coded units (the
   shipped model as a prior, an L2-penalised correction fitted by
   :mod:`~analysis.coding.correction` with its penalty chosen by cross-validation),
   its cross-validated agreement beside the shipped model's, and the next sample drawn
   where the adapted model is least sure; :mod:`~analysis.coding.rounds` draws that
   sample with known inclusion probabilities and pools the rounds without bias.

Intervals treat units as independent draws: sentences of one article are not,
so on a corpus of few articles they are too narrow (``compare_groups`` resamples
articles). Nothing here is fitted on the coded data beyond the error rates the
correction estimates from it, and those are reported beside the corrected figure;
the adapted learned layer (6) is fitted on it too, and its agreement is measured only
on units each predicted by a correction fitted without it.

Sources:
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the results of a
    screening test. American Journal of Epidemiology 107(1), 71-76.
"""
