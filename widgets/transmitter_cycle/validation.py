"""The model beside published observations: rows computed by running the model (no Markdown).

Each row is one published observation, what the model gives for the same quantity, and a
verdict by one rule for every row (:func:`verdict`). Rows are of four kinds:

- ``independent``: an observation that no parameter was chosen to match. Only these count as
  validation.
- ``calibrated``: a parameter was fitted to this observation, so agreement is by construction.
- ``consistency``: the model's value follows from parameters chosen with this observation in
  view (or is computed from the model's own inputs); shown, not counted.
- ``consistency (structural)``: the model's structure fixes the value whatever the parameters
  (it cannot fail); shown, not counted.

Nothing is tuned to make a row pass; misses stay, with the reason. The site's table is drawn by
``synapse_docs.tables`` from :func:`table`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ._params import parameters
from ._result import Result
from ._simulate import simulate

__all__ = [
    "KINDS",
    "VERDICTS",
    "Row",
    "direction_only",
    "scenario_review",
    "table",
    "verdict",
    "verdict_counts",
]

KINDS = ("independent", "calibrated", "consistency", "consistency (structural)")
#: the verdicts, best first
VERDICTS = ("agrees", "within ×1.25", "within 2×", "misses")
#: "within ×1.25": the published range widened by this factor on each side
NEAR = 1.25
#: "within 2×": the published range widened by this factor on each side
WITHIN = 2.0
RULE = (
    "agrees: the model's value, as shown (three significant digits), lies inside the "
    "published range (a point value counts as a "
    "range of one); within ×1.25: inside that range widened by a factor 1.25 on each side; "
    "within 2×: inside it widened by a factor 2; misses: further away. A ratio whose published "
    "range is bounded by exactly 1 on one side gives a direction (a rise, or a fall): a change "
    "in the other direction, or none, misses. One rule for every row."
)


def verdict(model: float, low: float, high: float, *, ratio: bool = True) -> str:
    """Return the verdict of the one rule: one of ``VERDICTS``.

    With ``ratio`` (the row gives a ratio to healthy), a range from exactly 1 up (to ``high`` >
    1, or infinity) is a rise, and one from below up to exactly 1 a fall: the model must move
    the same way, so a value on the wrong side of 1, or at 1, misses.
    """
    if not math.isfinite(model):
        return "misses"
    if ratio and low == 1.0 < high and model <= 1.0:
        return "misses"
    if ratio and low < 1.0 == high and model >= 1.0:
        return "misses"
    if low <= model <= high:
        return "agrees"
    if low / NEAR <= model <= high * NEAR:
        return "within ×1.25"
    if low / WITHIN <= model <= high * WITHIN:
        return "within 2×"
    return "misses"


@dataclass(frozen=True)
class Row:
    """One observation beside the model.

    Attributes:
        transmitter: preset the row tests.
        scenario: the scenario (or ``healthy``) whose behaviour is compared.
        observation: what is compared, in words.
        published: the published value as reported, with its range.
        low, high: the published range as numbers, in ``unit`` (``high`` may be infinite).
        model: the model's value in ``unit``.
        unit: the unit of ``low``, ``high`` and ``model`` (``×`` for a ratio).
        method: preparation and method of the measurement.
        sources: citation keys of ``docs/references.bib``.
        kind: one of ``KINDS``.
        note: how the model's number was obtained, and for a miss, why.
    """

    transmitter: str
    scenario: str
    observation: str
    published: str
    low: float
    high: float
    model: float
    unit: str
    method: str
    sources: tuple[str, ...]
    kind: str
    note: str

    @property
    def verdict(self) -> str:
        """The verdict of the one rule (for calibrated rows: said so, not a test)."""
        shown = float(f"{self.model:.3g}")  # judged as the table shows it
        judged = verdict(shown, self.low, self.high, ratio=self.unit == "×")
        return f"calibrated ({judged})" if self.kind == "calibrated" else judged


@lru_cache(maxsize=64)
def _summary(
    preset: str,
    scenario: str | None = None,
    duration: float = 5.0,
    spikes: tuple[float, ...] | None = None,
    **overrides: float,
) -> Mapping[str, float | None]:
    model: Any = simulate  # `**overrides` are parameters: mypy would match them to `initial`
    result: Result = model(preset, scenario=scenario, duration=duration, spikes=spikes, **overrides)
    return result.summary


def _get(summary: Mapping[str, float | None], key: str) -> float:
    value = summary[key]
    return math.nan if value is None else value


def _ratio(
    key: str, preset: str, scenario: str | None = None, overrides: Mapping[str, float] | None = None
) -> float:
    """Return ``key`` of a 5-s run (scenario and/or acute overrides) over healthy's."""
    changed = _summary(preset, scenario, **dict(overrides or {}))
    return _get(changed, key) / _get(_summary(preset), key)


def _stores(preset: str, scenario: str | None = None) -> float:
    """Return the terminal's stores (cytosol + vesicles) in the chronic state of ``scenario``."""
    run = simulate(preset, scenario=scenario, duration=0.01)
    return run["cytosol"][0] + run["vesicles"][0]


def _dopamine_rows() -> list[Row]:
    half = _get(_summary("dopamine"), "clearance_half_time")
    single = {"duration": 60.0, "spikes": (0.1,)}
    ko = _get(_summary("dopamine", reuptake_block=1.0, **single), "clearance_half_time")
    ko /= _get(_summary("dopamine", **single), "clearance_half_time")
    low_da = parameters("dopamine")
    tau = low_da["reuptake_km"].value / low_da["reuptake_vmax"].value
    return [
        Row(
            "dopamine",
            "healthy",
            "Time for released dopamine to fall by half",
            "64 ms (striatum) to 113 ms (nucleus accumbens)",
            64.0,
            113.0,
            1000.0 * half,
            "ms",
            "anaesthetised rat, evoked release (4 pulses), continuous amperometry",
            ("uptake1995impulse",),
            "independent",
            "Model: half-time after a tonic spike; DAT Km and Vmax come from other "
            "voltammetry fits, not from this study.",
        ),
        Row(
            "dopamine",
            "methylphenidate",
            "DAT block slows clearance (methylphenidate's 55 % occupancy, acute)",
            "uptake inhibitors lengthened the half-time by up to +602 % (up to 7×)",
            1.0,
            7.02,
            _ratio("clearance_half_time", "dopamine", overrides={"reuptake_block": 0.55}),
            "×",
            "as above; nomifensine, GBR 12909, cocaine, mazindol, bupropion",
            ("uptake1995impulse",),
            "independent",
            "Model: half-time with 55 % of DAT blocked over healthy. The drugs and doses of "
            "the study are not methylphenidate's: the range is wide.",
        ),
        Row(
            "dopamine",
            "methylphenidate",
            "Strong DAT block (90 % occupancy) slows clearance",
            "up to 7× (the strongest inhibitors at the doses tested)",
            1.0,
            7.02,
            _ratio("clearance_half_time", "dopamine", overrides={"reuptake_block": 0.9}),
            "×",
            "as above",
            ("uptake1995impulse",),
            "independent",
            "Model: half-time with 90 % of DAT blocked over healthy.",
        ),
        Row(
            "dopamine",
            "healthy",
            "Without DAT, released dopamine lingers",
            "at least 100× longer in DAT-knockout mice",
            100.0,
            math.inf,
            ko,
            "×",
            "DAT-knockout mice, striatum, voltammetry",
            ("giros1996dat",),
            "independent",
            "Model: half-time after one spike with all DAT blocked over healthy. Misses: the "
            "model's other exits (diffusion 0.1 /s and extracellular breakdown 0.1 /s, both "
            "assumptions) clear dopamine within seconds; they are too fast for a synapse "
            "without DAT.",
        ),
        Row(
            "dopamine",
            "parkinson",
            "Extracellular dopamine after partial loss of terminals",
            "basal level unchanged unless tissue dopamine falls below 20 % of control",
            1.0,
            1.0,
            _ratio("mean_cleft", "dopamine", "parkinson"),
            "×",
            "6-hydroxydopamine-lesioned rats, striatum, microdialysis",
            ("ldopa1990extracellular",),
            "independent",
            "Model: mean cleft in the Parkinson state (40 % of terminals left) over healthy. "
            "Too low: the model has no compensation by the remaining terminals (more release "
            "per terminal, less loss by diffusion), which keeps the level up in the lesioned "
            "striatum until the loss is severe.",
        ),
        Row(
            "dopamine",
            "l_dopa",
            "Levodopa raises extracellular dopamine in an intact striatum",
            "×1.8 (L-DOPA 100 mg/kg with a peripheral decarboxylase inhibitor)",
            1.8,
            1.8,
            _chronic_precursor(),
            "×",
            "rats, striatum, microdialysis",
            ("ldopa1990extracellular",),
            "independent",
            "Model: chronic state with precursor ×3 (an assumption for the dose) over healthy. "
            "In the lesioned striatum the same dose gave ×33, which the model cannot give: "
            "levodopa is also turned into dopamine outside dopamine terminals, unregulated.",
        ),
        Row(
            "dopamine",
            "d2_antagonist",
            "A first dose of a D2 antagonist raises extracellular dopamine",
            "the first haloperidol injection (0.5 mg/kg) raised extracellular dopamine "
            "(direction only; no size in the abstract)",
            1.0,
            math.inf,
            _ratio("mean_cleft", "dopamine", overrides=_D2_CHANGES),
            "×",
            "rats, striatum (also prefrontal cortex and nucleus accumbens), microdialysis",
            ("haloperidol1989chronic",),
            "independent",
            "Model: mean cleft over 5 s with the scenario's changes applied to the healthy "
            "state (acute) over healthy; only the direction is tested. The rise comes only "
            "from weaker autoreceptor feedback (gain × 0.3, an assumption): blocking "
            "postsynaptic receptors does not change the cleft, so without an autoreceptor "
            "the ratio would be 1 and the row would miss. The dose is not matched to the "
            "scenario's 70 % occupancy.",
        ),
        Row(
            "dopamine",
            "d2_antagonist",
            "Extracellular dopamine after a month of a D2 antagonist",
            "basal striatal level unchanged after 28 days of haloperidol",
            1.0,
            1.0,
            _ratio("mean_cleft", "dopamine", "d2_antagonist"),
            "×",
            "rats, striatum, microdialysis",
            ("haloperidol1989chronic",),
            "consistency (structural)",
            "Not a test: in the model's steady state the release per spike is the packaging "
            "flux over the firing rate, so the settled level does not depend on release "
            "probability, autoreceptor feedback or receptor block, and this ratio is 1 "
            "whatever their values. The scenario is also an acute state (no receptor "
            "up-regulation) compared with 28 days of treatment.",
        ),
        Row(
            "dopamine",
            "healthy",
            "Dopamine clearance time constant at low levels, Km/Vmax",
            "≈ 50 ms, computed from the fitted Km and Vmax",
            50.0,
            50.0,
            1000.0 * tau,
            "ms",
            "computed from the model's own inputs",
            ("wiencke2020dacomp",),
            "consistency",
            "Circular: the number is the model's input Km/Vmax, not an observation.",
        ),
        Row(
            "dopamine",
            "healthy",
            "Tonic extracellular dopamine",
            "90 ± 9 nM (voltammetry, FSCAV; microdialysis gives low nM)",
            81.0,
            99.0,
            1000.0 * _get(_summary("dopamine"), "mean_cleft"),
            "nM",
            "mouse brain (region not given in the abstract), FSCAV",
            ("atcherley2015tonic",),
            "calibrated",
            "synthesis_rate was kept at a value that gives this level (the mean level is "
            "about proportional to it); the number depends on the method.",
        ),
    ]


#: the d2_antagonist scenario's changes, applied acutely
_D2_CHANGES = {"receptor_block": 0.7, "autoreceptor_gain": 1.5}


def _chronic_precursor() -> float:
    values = {name: p.value for name, p in parameters("dopamine").items()}
    values["precursor"] = 3.0
    mean = simulate(values, duration=5.0).summary["mean_cleft"]
    return (mean or math.nan) / _get(_summary("dopamine"), "mean_cleft")


def _serotonin_rows() -> list[Row]:
    ssri_acute = _ratio("mean_cleft", "serotonin", overrides={"reuptake_block": 0.8})
    sert = parameters("serotonin")
    return [
        Row(
            "serotonin",
            "ssri",
            "An SSRI dose raises extracellular serotonin (acute)",
            "citalopram 1 and 10 mg/kg: +70 % and +205 % at the peak (×1.7–3.05)",
            1.7,
            3.05,
            ssri_acute,
            "×",
            "rats, dorsal hippocampus, microdialysis",
            ("invernizzi1995citalopram",),
            "independent",
            "Model: mean cleft over 5 s after 80 % of SERT is blocked, from the healthy "
            "state, over healthy.",
        ),
        Row(
            "serotonin",
            "ssri",
            "An SSRI dose raises extracellular serotonin (acute, another region)",
            "escitalopram 0.15 and 0.63 mg/kg: 234 % and 298 % of basal",
            2.34,
            2.98,
            ssri_acute,
            "×",
            "rats, prefrontal cortex, microdialysis",
            ("ceglia2004escitalopram",),
            "independent",
            "Model: as above.",
        ),
        Row(
            "serotonin",
            "ssri",
            "Extracellular serotonin on a continued SSRI (chronic)",
            "13 days of escitalopram: 422 % of baseline (2 days: 257 %)",
            4.22,
            4.22,
            _ratio("mean_cleft", "serotonin", "ssri"),
            "×",
            "rats, prefrontal cortex, microdialysis, subcutaneous infusion",
            ("ceglia2004escitalopram",),
            "independent",
            "Model: the chronic SSRI state over healthy. Short: in the model, feedback on "
            "release cannot change the settled level (with autoreceptor_gain = 0 the chronic "
            "ratio is the same), and there is no feedback on the firing rate "
            "(somatodendritic 5-HT1A autoreceptors), whose desensitisation is thought to let "
            "the level climb over days.",
        ),
        Row(
            "serotonin",
            "maoi",
            "MAO inhibition raises extracellular serotonin",
            "n.s. (×1.18, clorgyline, MAO-A only) to ×11 (tranylcypromine, both forms), "
            "frontal cortex, area under the curve over 4 h",
            1.18,
            11.0,
            _ratio("mean_cleft", "serotonin", "maoi"),
            "×",
            "awake rats, frontal cortex, microdialysis",
            ("celada1993maoi",),
            "independent",
            "Model: the state with MAO at 10 % over healthy (over hours the stores settle, "
            "so the chronic state is the comparison; in the first seconds nothing changes). "
            "The published range runs from a non-significant change to ×11, so agreeing with "
            "it is weak evidence.",
        ),
        Row(
            "serotonin",
            "reserpine",
            "Reserpine empties the stores",
            "tissue serotonin 16 % of control 24 h after 5 mg/kg (61 % after 21 days)",
            0.16,
            0.16,
            _stores("serotonin", "reserpine") / _stores("serotonin"),
            "×",
            "rats, frontal cortex, tissue content",
            ("heslop1994reserpine",),
            "independent",
            "Model: cytosol + vesicles in the reserpine state over healthy. Misses low: the "
            "scenario keeps packaging at 5 % for good, while the stores refill in days as new "
            "VMAT2 is made; the 5 % is an assumption.",
        ),
        Row(
            "serotonin",
            "tryptophan_depletion",
            "Less tryptophan, less extracellular serotonin",
            "65 % of basal, 100–240 min after a tryptophan-free amino-acid drink",
            0.65,
            0.65,
            _ratio("mean_cleft", "serotonin", "tryptophan_depletion"),
            "×",
            "freely moving rats, hippocampus, microdialysis",
            ("stancampiano1997tryptophan",),
            "independent",
            "Model: the state with precursor at 30 % over healthy. Misses low: synthesis in "
            "the model is proportional to the precursor, with no reserve of enzyme or stored "
            "serotonin to buffer a few hours of depletion; the 30 % is an assumption.",
        ),
        Row(
            "serotonin",
            "healthy",
            "Serotonin clearance time constant, Km/Vmax",
            "≈ 0.34 s, computed from SERT Km 0.17 µM and Vmax 0.5 µM/s",
            0.34,
            0.34,
            sert["reuptake_km"].value / sert["reuptake_vmax"].value,
            "s",
            "computed from the model's own inputs",
            ("bunin1998serotonin",),
            "consistency",
            "Circular: the number is the model's input Km/Vmax, not an observation.",
        ),
        Row(
            "serotonin",
            "healthy",
            "Ambient extracellular serotonin",
            "64.9 ± 2.3 nM (FSCAV; microdialysis: about 1 nM)",
            62.6,
            67.2,
            1000.0 * _get(_summary("serotonin"), "mean_cleft"),
            "nM",
            "mouse hippocampus, FSCAV",
            ("abdalla2017ambient", "yang2013fastdialysis"),
            "consistency",
            "MAO breakdown was chosen to set the turnover with this level in view; the "
            "number depends on the method.",
        ),
    ]


def _glutamate_rows() -> list[Row]:
    glu = _summary("glutamate", duration=0.4)
    half = _get(glu, "clearance_half_time")
    return [
        Row(
            "glutamate",
            "healthy",
            "Glutamate peak in the cleft",
            "1.1 mM",
            1.1,
            1.1,
            _get(glu, "peak_cleft") / 1000.0,
            "mM",
            "cultured hippocampal neurons, displacement of an NMDA-receptor antagonist",
            ("clements1992cleft",),
            "calibrated",
            "packaging_vmax was chosen to give this peak (in the steady state it sets the "
            "release per spike); the fit is about 20 % high.",
        ),
        Row(
            "glutamate",
            "healthy",
            "Decay of glutamate in the cleft (τ)",
            "1.2 ms",
            1.2,
            1.2,
            1000.0 * half / math.log(2.0),
            "ms",
            "as above",
            ("clements1992cleft",),
            "calibrated",
            "glia_vmax was chosen to give this decay (model: half-time / ln 2; the decline is "
            "saturating, not exponential).",
        ),
        Row(
            "glutamate",
            "healthy",
            "Ambient glutamate between spikes",
            "≈ 25 nM (microdialysis: 0.5–5 µM)",
            0.025,
            0.025,
            _get(glu, "baseline_cleft"),
            "µM",
            "acute hippocampal slices, NMDA receptors as sensors",
            ("herman2007ambient", "featherstone2008ambient"),
            "independent",
            "Misses: the model's cleft is the synaptic cleft, which it clears to almost "
            "nothing between spikes; the sensor reads the extrasynaptic space, which the "
            "model does not have, and glutamate released outside synapses is left out.",
        ),
        Row(
            "glutamate",
            "eaat_impairment",
            "Loss of glial glutamate transport raises extracellular glutamate",
            "GLT-1-knockout mice: lethal seizures, attributed to elevated residual glutamate "
            "(direction only; no level given)",
            1.0,
            math.inf,
            _ratio("mean_cleft", "glutamate", "eaat_impairment"),
            "×",
            "GLT-1-knockout mice",
            ("tanaka1997glt1",),
            "independent",
            "Model: the chronic state with transport at 30 % over healthy; only the "
            "direction is tested (any rise agrees).",
        ),
    ]


def _gaba_rows() -> list[Row]:
    gaba = _summary("gaba", duration=0.4)
    single = {"duration": 0.2, "spikes": (0.05,)}
    blocked = _get(_summary("gaba", reuptake_block=0.8, **single), "clearance_half_time")
    blocked /= _get(_summary("gaba", **single), "clearance_half_time")
    return [
        Row(
            "gaba",
            "tiagabine",
            "Blocking GAT-1 leaves a single release's decay as it is",
            "spontaneous (single-release) IPSCs unchanged by the GAT-1 blocker NNC-711",
            1.0,
            1.0,
            blocked,
            "×",
            "cultured rat hippocampal neurons, whole-cell recordings",
            ("oh1994nnc711",),
            "independent",
            "Model: half-time of the cleft after one spike with 80 % of GAT-1 blocked over "
            "healthy. Diffusion, not uptake, clears a single release in the model (its rate is "
            "fitted to the decay, not to this observation).",
        ),
        Row(
            "gaba",
            "tiagabine",
            "Tiagabine raises extracellular GABA",
            "240 % and 310 % of basal (11.5 and 21 mg/kg) in the globus pallidus",
            2.4,
            3.1,
            _ratio("mean_cleft", "gaba", "tiagabine"),
            "×",
            "awake rats, microdialysis",
            ("fink1992tiagabine",),
            "independent",
            "Model: mean cleft in the tiagabine state over healthy. Misses: microdialysis "
            "reads GABA outside synapses, which GAT-1 clears; the model has only the "
            "synaptic cleft, which diffusion clears, so blocking uptake changes little there.",
        ),
        Row(
            "gaba",
            "vigabatrin",
            "Vigabatrin raises brain GABA",
            "total brain GABA 1.0 → 2.4 mmol/kg (×2.4) in patients on regular treatment "
            "(a single dose gave ×1.4–1.5 within a day)",
            2.4,
            2.4,
            _stores("gaba", "vigabatrin") / _stores("gaba"),
            "×",
            "patients with epilepsy, occipital cortex, 1H magnetic resonance spectroscopy",
            ("petroff1996rapid",),
            "independent",
            "Model: cytosol + vesicles in the vigabatrin state (breakdown at 10 %, an "
            "assumption) over healthy; the model's glia do not break GABA down.",
        ),
        Row(
            "gaba",
            "vigabatrin",
            "Vigabatrin raises extracellular GABA",
            "4–6-fold for at least 72 h",
            4.0,
            6.0,
            _ratio("mean_cleft", "gaba", "vigabatrin"),
            "×",
            "rats, substantia nigra, microdialysis",
            ("sayin1995nigra",),
            "independent",
            "Model: mean cleft in the vigabatrin state over healthy (more GABA in each "
            "vesicle, so more released per spike). Its source argues against that mechanism: "
            "the rise was not affected by tetrodotoxin, so it is not spike-driven release; "
            "the extra GABA is thought to appear outside synapses. Any agreement here is "
            "through a mechanism the source does not support.",
        ),
        Row(
            "gaba",
            "healthy",
            "Ambient GABA between spikes",
            "0.2–2.5 µM in the extracellular space (compiled from several methods)",
            0.2,
            2.5,
            _get(gaba, "baseline_cleft"),
            "µM",
            "review of measurements in brain tissue (secondary)",
            ("glykys2007ambient",),
            "independent",
            "Misses: as for glutamate, the model clears its synaptic cleft to almost nothing "
            "between spikes and has no extrasynaptic space, where ambient GABA is measured.",
        ),
        Row(
            "gaba",
            "healthy",
            "GABA peak in the cleft",
            "1.5–3 mM",
            1.5,
            3.0,
            _get(gaba, "peak_cleft") / 1000.0,
            "mM",
            "kinetic-model fit to the proton modulation of GABAA receptors (mIPSCs)",
            ("mozrzymas2003protons",),
            "calibrated",
            "packaging_vmax was chosen to give this peak.",
        ),
        Row(
            "gaba",
            "healthy",
            "Clearance of GABA from the cleft (τ)",
            "0.075–0.125 ms",
            0.075,
            0.125,
            1000.0 * _get(gaba, "clearance_half_time") / math.log(2.0),
            "ms",
            "as above",
            ("mozrzymas2003protons",),
            "calibrated",
            "diffusion_rate was chosen to give this decay (model: half-time / ln 2).",
        ),
    ]


def table() -> list[Row]:
    """Return every row: independent observations first, then calibrated and consistency."""
    rows = [*_dopamine_rows(), *_serotonin_rows(), *_glutamate_rows(), *_gaba_rows()]
    return sorted(rows, key=lambda row: KINDS.index(row.kind))


def direction_only(row: Row) -> bool:
    """Whether ``row`` gives only a direction: a ratio from exactly 1 to no upper bound."""
    return row.unit == "×" and row.low == 1.0 and math.isinf(row.high)


def verdict_counts() -> tuple[dict[str, int], int]:
    """Return how many independent rows got each verdict, and how many of the agreements give
    only a direction (a rise, without a size)."""
    rows = [row for row in table() if row.kind == "independent"]
    counts = {name: sum(row.verdict == name for row in rows) for name in VERDICTS}
    directions = sum(row.verdict == "agrees" and direction_only(row) for row in rows)
    return counts, directions


def scenario_review(duration: float = 5.0) -> list[dict[str, float | str | None]]:
    """Return, per scenario, its chronic and acute effect beside healthy (ratios).

    Chronic: the scenario's own steady state. Acute: the scenario's changes applied as
    overrides to the healthy steady state (the first seconds of a dose). Each ratio is the
    scenario's summary value over healthy's, for the mean cleft, mean occupancy and the
    clearance half-time; ``None`` where healthy has no value.
    """
    from ._params import presets, scenarios

    out: list[dict[str, float | str | None]] = []
    for preset in presets():
        length = 0.4 if preset in ("glutamate", "gaba") else duration
        healthy = _summary(preset, None, length)
        for name, scen in scenarios(preset).items():
            if name == "healthy":
                continue
            chronic = _summary(preset, name, length)
            acute = _summary(preset, None, length, **dict(scen.changes))
            row: dict[str, float | str | None] = {"preset": preset, "scenario": name}
            for key in ("mean_cleft", "mean_occupancy", "clearance_half_time"):
                base = healthy[key]
                for label, run in (("chronic", chronic), ("acute", acute)):
                    value = run[key]
                    row[f"{label}_{key}"] = (
                        None if base in (None, 0.0) or value is None else value / base
                    )
            out.append(row)
    return out
