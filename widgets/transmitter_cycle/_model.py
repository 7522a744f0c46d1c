r"""The equations of the transmitter cycle and their stiff, event-driven integration.

State vector (index: name): 0 cleft :math:`e`, 1 glia :math:`g`, 2 cytosol :math:`c`,
3 vesicles :math:`v`, 4 occupancy :math:`o`, 5 ready :math:`r`, and the cumulative amounts
6 degraded :math:`d`, 7 escaped :math:`x`, 8 synthesised :math:`s`. All pools are amounts divided
by one reference volume (µM), so that transfers between pools need no volume factors.

Between spikes:

.. math::

    \dot e &= -U(e) - (k_\mathrm{enz} + k_\mathrm{diff})\,e - G(e) \\
    \dot g &= G(e) + \rho\,k_\mathrm{diff}\,e - k_\mathrm{ret}\,g \\
    \dot c &= S(c) - P(c) - k_\mathrm{MAO}\,c + U(e) + k_\mathrm{ret}\,g \\
    \dot v &= P(c) \\
    \dot o &= k_\mathrm{on}\,e\,(1 - \beta - o) - k_\mathrm{off}\,o \\
    \dot r &= (1 - r)/\tau_\mathrm{rec} \\
    \dot d &= k_\mathrm{enz}\,e + k_\mathrm{MAO}\,c, \quad \dot x = k_\mathrm{diff}\,e,
    \quad \dot s = S(c)

with :math:`S(c) = V_S\,\pi/(1 + c/K_i)`, :math:`P(c) = V_P\,c/(K_P + c)`,
:math:`G(e) = V_G\,e/(K_G + e)` and competitive reuptake block at transporter occupancy
:math:`\theta`: :math:`U(e) = V_U\,e/(K_U/(1-\theta) + e) = V_U(1-\theta)e/(K_U + (1-\theta)e)`.
Receptor binding does not deplete the cleft (receptors are few compared with free
transmitter), so :math:`e+g+c+v+d+x-s` is conserved exactly by the equations.

At a spike (a discrete jump), with the cleft level :math:`e^-` just before it:
:math:`p = p_0/(1 + a\,e^-)`, released :math:`R = \min(1, p\,r\,A/V_\mathrm{cap})\,v`;
then :math:`e \mathrel{+}= R`, :math:`v \mathrel{-}= R`, :math:`r \mathrel{*}= 1 - p`.

Integration: Rodas4 (Hairer & Wanner), a 6-stage, order-4, L-stable, stiffly accurate
Rosenbrock method with an embedded order-3 error estimate and order-3 dense output. Ordered as
above, the Jacobian is lower triangular, so each stage's linear system is solved exactly by
forward substitution (no pivoting, no matrix). Rosenbrock methods with the exact Jacobian
conserve linear invariants, so mass balance holds to rounding error.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["IDX", "NSTATE", "Rates", "Run", "jump", "rhs", "run"]

NSTATE = 9
IDX = {
    "cleft": 0,
    "glia": 1,
    "cytosol": 2,
    "vesicles": 3,
    "occupancy": 4,
    "ready": 5,
    "degraded": 6,
    "escaped": 7,
    "synthesised": 8,
}

# Rodas4 coefficients (Hairer & Wanner, Solving ODEs II, 1996; code RODAS, METH=1).
_G = 0.25
_A21 = 1.544
_A31, _A32 = 0.9466785280815826, 0.2557011698983284
_A41, _A42, _A43 = 3.314825187068521, 2.896124015972201, 0.9986419139977817
_A51, _A52, _A53, _A54 = 1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895
_C21 = -5.6688
_C31, _C32 = -2.430093356833875, -0.2063599157091915
_C41, _C42, _C43 = -0.1073529058151375, -9.594562251023355, -20.47028614809616
_C51, _C52, _C53, _C54 = 7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616
_C61, _C62, _C63 = 8.083246795921522, -7.981132988064893, -31.52159432874371
_C64, _C65 = 16.31930543123136, -6.058818238834054
_D21, _D22, _D23 = 10.12623508344586, -7.487995877610167, -34.80091861555747
_D24, _D25 = -7.992771707568823, 1.025137723295662
_D31, _D32, _D33 = -0.6762803392801253, 6.087714651680015, 16.43084320892478
_D34, _D35 = 24.76722511418386, -6.594389125716872


@dataclass(frozen=True)
class Rates:
    """The parameters in the form the equations use (see the module docstring)."""

    sp: float  # synthesis_rate × precursor
    ki: float
    vp: float
    kp: float
    vcap: float
    mao: float
    rate: float  # firing rate
    p0: float
    amount: float
    tau: float
    gain: float
    kon: float
    koff: float
    block: float
    vu: float
    ku: float
    free: float  # 1 - reuptake_block
    kenz: float
    vg: float
    kg: float
    kret: float
    kdiff: float
    spill: float  # spill_return: the part of the diffusion flux that glia take up

    @classmethod
    def from_values(cls, p: dict[str, float]) -> Rates:
        """Build from public parameter values."""
        return cls(
            sp=p["synthesis_rate"] * p["precursor"],
            ki=p["synthesis_ki"],
            vp=p["packaging_vmax"],
            kp=p["packaging_km"],
            vcap=p["vesicle_capacity"],
            mao=p["mao_rate"],
            rate=p["firing_rate"],
            p0=p["release_probability"],
            amount=p["release_amount"],
            tau=p["pool_recovery_tau"],
            gain=p["autoreceptor_gain"],
            kon=p["receptor_kon"],
            koff=p["receptor_koff"],
            block=p["receptor_block"],
            vu=p["reuptake_vmax"],
            ku=p["reuptake_km"],
            free=1.0 - p["reuptake_block"],
            kenz=p["enzyme_rate"],
            vg=p["glia_vmax"],
            kg=p["glia_km"],
            kret=p["glia_return_rate"],
            kdiff=p["diffusion_rate"],
            spill=p["spill_return"],
        )


def rhs(k: Rates, y: Sequence[float]) -> list[float]:
    """Return dy/dt (used by the SciPy reference and the tests; the solver inlines it)."""
    e, g, c, _v, o, r = y[0], y[1], y[2], y[3], y[4], y[5]
    up = k.vu * k.free * e / (k.ku + k.free * e)
    gl = k.vg * e / (k.kg + e) + k.kdiff * k.spill * e  # glial uptake, spill-over included
    syn = k.sp / (1.0 + c / k.ki)
    pk = k.vp * c / (k.kp + c)
    return [
        -up - (k.kenz + k.kdiff * (1.0 - k.spill)) * e - gl,
        gl - k.kret * g,
        syn - pk - k.mao * c + up + k.kret * g,
        pk,
        k.kon * e * (1.0 - k.block - o) - k.koff * o,
        (1.0 - r) / k.tau,
        k.kenz * e + k.mao * c,
        k.kdiff * (1.0 - k.spill) * e,
        syn,
    ]


def jump(k: Rates, y: list[float]) -> float:
    """Apply one spike to ``y`` in place and return the amount released (µM)."""
    e, v, r = y[0], y[3], y[5]
    p = k.p0 / (1.0 + k.gain * e) if k.gain else k.p0
    frac = p * r * k.amount / k.vcap
    # never release more than is stored (only reachable with extreme slider settings)
    released = v * (frac if frac < 1.0 else 1.0)
    y[0] = e + released
    y[3] = v - released
    y[5] = r - p * r
    return released


@dataclass
class Run:
    """Outcome of :func:`run`: sampled states, final state and counters.

    Attributes:
        columns: one list per state (in ``IDX`` order) of values at the output times.
        final: the state at the end.
        peaks: cleft level just after each spike.
        pre: cleft level just before each spike.
        steps: accepted steps; rejected: rejected steps.
        success: whether the end was reached; message: the outcome in words.
        times: the output times of ``columns`` (``t_out`` plus, with ``grid``, the points
            around each spike; a spike's time appears twice: just before, then just after).
        area_cleft, area_occupancy: the exact time integrals of the cleft and the occupancy
            from 0 to ``reached`` (the integral of each step's dense output, not of the grid).
        reached: the time the integration reached (``t_end`` on success).
    """

    columns: list[list[float]]
    final: list[float]
    peaks: list[float]
    pre: list[float]
    steps: int
    rejected: int
    success: bool
    message: str
    times: list[float]
    area_cleft: float
    area_occupancy: float
    reached: float


_MAX_STEPS = 200_000
# the c_ij coefficients (each step multiplies them by 1/h)
_CS = (_C21, _C31, _C32, _C41, _C42, _C43, _C51, _C52, _C53, _C54, _C61, _C62, _C63, _C64, _C65)


def run(
    k: Rates,
    y0: Sequence[float],
    t_end: float,
    spikes: Sequence[float],
    t_out: Sequence[float],
    rtol: float,
    atol: Sequence[float],
    replay: Sequence[float] | None = None,
    record: list[float] | None = None,
    first_step: float | None = None,
    grid: Sequence[float] | None = None,
) -> Run:
    """Integrate from ``y0`` over [0, ``t_end``] with jumps at ``spikes``.

    Outputs are right-continuous: a sample at a spike time shows the state just after it.
    The inner loop works on plain float locals, one per state and stage (no lists, no
    per-step allocation): in CPython that is several times faster than list arithmetic. For the
    same reason the right-hand side is written out where it is needed instead of calling `rhs`;
    the equations are the same, and the SciPy reference tests (which use `rhs`) hold them equal.

    Args:
        k: rates.
        y0: initial state (9 values).
        t_end: end time, s.
        spikes: increasing spike times in [0, t_end].
        t_out: increasing output times in [0, t_end].
        rtol: relative tolerance.
        atol: absolute tolerance per state.
        replay: step sizes to take instead of adapting (one segment, no spikes): makes the
            map y0 → final smooth, for finite-difference Jacobians.
        record: list to which accepted step sizes are appended.
        first_step: the first trial step (default: estimated from the derivative).
        grid: offsets, in units of the cleft's clearance time scale just after each spike
            (``e / C(e)``), at which to add output times through the spike's decay; with it,
            every spike also gets an output point just before and one just after it, so a
            plotted curve never misses a transient, whatever the spacing of ``t_out``.

    Pools never go negative: an accepted step's tiny undershoot below zero (a pool decaying to
    nothing, at the level of the absolute tolerance) is set to zero, and so are the samples.
    """
    # unpack once: attribute look-ups would dominate the inner loop otherwise
    sp, iki, vp, kp, mao = k.sp, 1.0 / k.ki, k.vp, k.kp, k.mao
    kon, koff, block1 = k.kon, k.koff, 1.0 - k.block
    vuf, ku, free, kenz, vg, kgl, kret, kdiff = (
        k.vu * k.free,
        k.ku,
        k.free,
        k.kenz,
        k.vg,
        k.kg,
        k.kret,
        k.kdiff,
    )
    # diffusion leaves the cleft; a part `spill` of it is taken up by glia beyond the synapse
    # (returned through the glial pool), the rest escapes the cycle
    ksp = kdiff * k.spill
    kesc = kdiff - ksp
    kloss = kenz + kesc
    itau = 1.0 / k.tau
    sqrt = math.sqrt
    max_steps = _MAX_STEPS
    # the method's coefficients as locals (a local is read faster than a module global)
    gam = _G
    a21, a31, a32, a41, a42, a43 = _A21, _A31, _A32, _A41, _A42, _A43
    a51, a52, a53, a54 = _A51, _A52, _A53, _A54
    c21, c31, c32, c41, c42, c43, c51, c52, c53, c54, c61, c62, c63, c64, c65 = _CS
    d21, d22, d23, d24, d25 = _D21, _D22, _D23, _D24, _D25
    d31, d32, d33, d34, d35 = _D31, _D32, _D33, _D34, _D35

    def _f0(
        e: float, g: float, c: float, v: float, o: float, r: float
    ) -> tuple[float, float, float, float, float, float, float, float, float]:
        """The right-hand side at a step's start (the stages below write it out again)."""
        up = vuf * e / (ku + free * e)
        gl = vg * e / (kgl + e) + ksp * e
        syn = sp / (1.0 + c * iki)
        pk = vp * c / (kp + c)
        mc = mao * c
        rg = kret * g
        return (
            -up - kloss * e - gl,
            gl - rg,
            syn - pk - mc + up + rg,
            pk,
            kon * e * (block1 - o) - koff * o,
            (1.0 - r) * itau,
            kenz * e + mc,
            kesc * e,
            syn,
        )

    ate, atg, atc, atv, ato, atr, atd, atx, ats = atol
    e, g, c, v, o, r, d, x, s = y0
    cols: list[list[float]] = [[] for _ in range(NSTATE)]
    ce, cg, cc, cv, co, cr, cd, cx, cs = cols
    peaks: list[float] = []
    pre: list[float] = []
    t = 0.0
    times: list[float] = list(t_out)
    n_out = len(times)
    area_e = area_o = 0.0
    i_out = 0
    i_sp = 0
    n_sp = len(spikes)
    steps = rejected = 0
    h = 0.0
    while True:
        while i_sp < n_sp and spikes[i_sp] <= t:
            pre.append(e)
            if grid is not None:  # the moment just before the spike
                times.insert(i_out, t)
                for i, value in enumerate((e, g, c, v, o, r, d, x, s)):
                    cols[i].append(value)
                i_out += 1
            state = [e, g, c, v, o, r, d, x, s]
            jump(k, state)
            e, g, c, v, o, r, d, x, s = state
            peaks.append(e)
            i_sp += 1
            if grid is not None:  # just after it, and through its decay
                if i_out >= len(times) or times[i_out] != t:
                    times.insert(i_out, t)
                upto = min(spikes[i_sp] if i_sp < n_sp else t_end, t_end)
                clear = vuf * e / (ku + free * e) + (kloss + ksp) * e + vg * e / (kgl + e)
                scale = e / clear if clear > 0.0 else upto - t
                for offset in grid:
                    when = t + offset * scale
                    if when >= upto:
                        break
                    bisect.insort(times, when, lo=i_out + 1)
            n_out = len(times)
        while i_out < n_out and times[i_out] <= t:
            ce.append(e)
            cg.append(g)
            cc.append(c)
            cv.append(v)
            co.append(o)
            cr.append(r)
            cd.append(d)
            cx.append(x)
            cs.append(s)
            i_out += 1
        if t >= t_end:
            # output times that round to just past the end get the final state
            while i_out < n_out:
                for i, col in enumerate((e, g, c, v, o, r, d, x, s)):
                    cols[i].append(col)
                i_out += 1
            break
        t1 = spikes[i_sp] if i_sp < n_sp else t_end
        t1 = min(t1, t_end)
        f0e, f0g, f0c, f0v, f0o, f0r, f0d, f0x, f0s = _f0(e, g, c, v, o, r)
        # a fresh step-size guess after each jump: the solution just changed abruptly
        d1 = (
            (f0e / (ate + rtol * abs(e))) ** 2
            + (f0g / (atg + rtol * abs(g))) ** 2
            + (f0c / (atc + rtol * abs(c))) ** 2
            + (f0v / (atv + rtol * abs(v))) ** 2
            + (f0o / (ato + rtol * abs(o))) ** 2
            + (f0r / (atr + rtol * abs(r))) ** 2
            + (f0d / (atd + rtol * abs(d))) ** 2
            + (f0x / (atx + rtol * abs(x))) ** 2
            + (f0s / (ats + rtol * abs(s))) ** 2
        )
        d1 = math.sqrt(d1 / NSTATE)
        d0 = math.sqrt(
            (
                (e / (ate + rtol * abs(e))) ** 2
                + (g / (atg + rtol * abs(g))) ** 2
                + (c / (atc + rtol * abs(c))) ** 2
                + (v / (atv + rtol * abs(v))) ** 2
                + (o / (ato + rtol * abs(o))) ** 2
                + (r / (atr + rtol * abs(r))) ** 2
            )
            / NSTATE
        )
        # the usual starting step (Hairer, Nørsett & Wanner, Solving ODEs I, II.4): a first
        # step that changes the state by about 1 %; the error control then shrinks it if needed
        h = min(t1 - t, 0.01 * d0 / d1 if d1 > 0.0 and d0 > 0.0 else t1 - t)
        # a guess below what time can resolve (a very fast pool after a big jump) would stall
        # the run: start a few hundred units of the last place above it (the L-stable method
        # takes it; the error control shrinks the next ones only if needed)
        floor = 256.0 * math.ulp(t1)
        if not h > floor:
            h = min(floor, t1 - t)
        n_replay = 0
        if replay is not None:
            h = replay[0]
        elif first_step is not None and t == 0.0:
            h = min(first_step, t1 - t)
        near = t1 * (1.0 - 1e-14)
        while t < t1:
            if steps + rejected > max_steps or t + h == t:
                if steps + rejected > max_steps:
                    why = f"Step limit exceeded at t = {t:g} s."
                else:  # no progress possible in floating point
                    why = f"Step size too small at t = {t:g} s."
                return Run(
                    cols,
                    [e, g, c, v, o, r, d, x, s],
                    peaks,
                    pre,
                    steps,
                    rejected,
                    False,
                    why,
                    times[: len(ce)],
                    area_e,
                    area_o,
                    t,
                )
            last = t + h >= near or t + h >= t1
            if last:
                h = t1 - t
            # exact Jacobian, lower triangular in this ordering: stages by substitution
            den = ku + free * e
            jue = vuf * ku / (den * den)
            dg = kgl + e
            jge = vg * kgl / (dg * dg) + ksp
            ds = 1.0 + c * iki
            jsc = -sp * iki / (ds * ds)
            dp = kp + c
            jvc = vp * kp / (dp * dp)
            joe = kon * (block1 - o)
            hg = h * gam
            fac = 1.0 / hg
            ime = 1.0 / (fac + jue + kloss + jge)
            img = 1.0 / (fac + kret)
            imc = 1.0 / (fac - jsc + jvc + mao)
            imo = 1.0 / (fac + kon * e + koff)
            imr = 1.0 / (fac + itau)
            ih = 1.0 / h
            h21 = ih * c21
            h31 = ih * c31
            h32 = ih * c32
            h41 = ih * c41
            h42 = ih * c42
            h43 = ih * c43
            h51 = ih * c51
            h52 = ih * c52
            h53 = ih * c53
            h54 = ih * c54
            h61 = ih * c61
            h62 = ih * c62
            h63 = ih * c63
            h64 = ih * c64
            h65 = ih * c65
            k1e = (f0e) * ime
            k1g = (f0g + jge * k1e) * img
            k1c = (f0c + jue * k1e + kret * k1g) * imc
            k1v = (f0v + jvc * k1c) * hg
            k1o = (f0o + joe * k1e) * imo
            k1r = (f0r) * imr
            k1d = (f0d + kenz * k1e + mao * k1c) * hg
            k1x = (f0x + kesc * k1e) * hg
            k1s = (f0s + jsc * k1c) * hg
            ue = e + a21 * k1e
            ug = g + a21 * k1g
            uc = c + a21 * k1c
            uo = o + a21 * k1o
            ur = r + a21 * k1r
            up = vuf * ue / (ku + free * ue)
            gl = vg * ue / (kgl + ue) + ksp * ue
            syn = sp / (1.0 + uc * iki)
            pk = vp * uc / (kp + uc)
            mc = mao * uc
            rg = kret * ug
            bo = kon * ue * (block1 - uo) - koff * uo + h21 * k1o
            k2e = (-up - kloss * ue - gl + h21 * k1e) * ime
            k2g = (gl - rg + h21 * k1g + jge * k2e) * img
            k2c = (syn - pk - mc + up + rg + h21 * k1c + jue * k2e + kret * k2g) * imc
            k2v = (pk + h21 * k1v + jvc * k2c) * hg
            k2o = (bo + joe * k2e) * imo
            k2r = ((1.0 - ur) * itau + h21 * k1r) * imr
            k2d = (kenz * ue + mc + h21 * k1d + kenz * k2e + mao * k2c) * hg
            k2x = (kesc * ue + h21 * k1x + kesc * k2e) * hg
            k2s = (syn + h21 * k1s + jsc * k2c) * hg
            ue = e + a31 * k1e + a32 * k2e
            ug = g + a31 * k1g + a32 * k2g
            uc = c + a31 * k1c + a32 * k2c
            uo = o + a31 * k1o + a32 * k2o
            ur = r + a31 * k1r + a32 * k2r
            up = vuf * ue / (ku + free * ue)
            gl = vg * ue / (kgl + ue) + ksp * ue
            syn = sp / (1.0 + uc * iki)
            pk = vp * uc / (kp + uc)
            mc = mao * uc
            rg = kret * ug
            be = -up - kloss * ue - gl + h31 * k1e + h32 * k2e
            bc = syn - pk - mc + up + rg + h31 * k1c + h32 * k2c
            bo = kon * ue * (block1 - uo) - koff * uo + h31 * k1o + h32 * k2o
            br = (1.0 - ur) * itau + h31 * k1r + h32 * k2r
            k3e = (be) * ime
            k3g = (gl - rg + h31 * k1g + h32 * k2g + jge * k3e) * img
            k3c = (bc + jue * k3e + kret * k3g) * imc
            k3v = (pk + h31 * k1v + h32 * k2v + jvc * k3c) * hg
            k3o = (bo + joe * k3e) * imo
            k3r = (br) * imr
            k3d = (kenz * ue + mc + h31 * k1d + h32 * k2d + kenz * k3e + mao * k3c) * hg
            k3x = (kesc * ue + h31 * k1x + h32 * k2x + kesc * k3e) * hg
            k3s = (syn + h31 * k1s + h32 * k2s + jsc * k3c) * hg
            ue = e + a41 * k1e + a42 * k2e + a43 * k3e
            ug = g + a41 * k1g + a42 * k2g + a43 * k3g
            uc = c + a41 * k1c + a42 * k2c + a43 * k3c
            uo = o + a41 * k1o + a42 * k2o + a43 * k3o
            ur = r + a41 * k1r + a42 * k2r + a43 * k3r
            up = vuf * ue / (ku + free * ue)
            gl = vg * ue / (kgl + ue) + ksp * ue
            syn = sp / (1.0 + uc * iki)
            pk = vp * uc / (kp + uc)
            mc = mao * uc
            rg = kret * ug
            be = -up - kloss * ue - gl + h41 * k1e + h42 * k2e + h43 * k3e
            bg = gl - rg + h41 * k1g + h42 * k2g + h43 * k3g
            bc = syn - pk - mc + up + rg + h41 * k1c + h42 * k2c + h43 * k3c
            bo = kon * ue * (block1 - uo) - koff * uo + h41 * k1o + h42 * k2o + h43 * k3o
            br = (1.0 - ur) * itau + h41 * k1r + h42 * k2r + h43 * k3r
            bd = kenz * ue + mc + h41 * k1d + h42 * k2d + h43 * k3d
            bx = kesc * ue + h41 * k1x + h42 * k2x + h43 * k3x
            k4e = (be) * ime
            k4g = (bg + jge * k4e) * img
            k4c = (bc + jue * k4e + kret * k4g) * imc
            k4v = (pk + h41 * k1v + h42 * k2v + h43 * k3v + jvc * k4c) * hg
            k4o = (bo + joe * k4e) * imo
            k4r = (br) * imr
            k4d = (bd + kenz * k4e + mao * k4c) * hg
            k4x = (bx + kesc * k4e) * hg
            k4s = (syn + h41 * k1s + h42 * k2s + h43 * k3s + jsc * k4c) * hg
            ue = e + a51 * k1e + a52 * k2e + a53 * k3e + a54 * k4e
            ug = g + a51 * k1g + a52 * k2g + a53 * k3g + a54 * k4g
            uc = c + a51 * k1c + a52 * k2c + a53 * k3c + a54 * k4c
            uo = o + a51 * k1o + a52 * k2o + a53 * k3o + a54 * k4o
            ur = r + a51 * k1r + a52 * k2r + a53 * k3r + a54 * k4r
            up = vuf * ue / (ku + free * ue)
            gl = vg * ue / (kgl + ue) + ksp * ue
            syn = sp / (1.0 + uc * iki)
            pk = vp * uc / (kp + uc)
            mc = mao * uc
            rg = kret * ug
            be = -up - kloss * ue - gl + h51 * k1e + h52 * k2e + h53 * k3e + h54 * k4e
            bg = gl - rg + h51 * k1g + h52 * k2g + h53 * k3g + h54 * k4g
            bc = syn - pk - mc + up + rg + h51 * k1c + h52 * k2c + h53 * k3c + h54 * k4c
            bv = pk + h51 * k1v + h52 * k2v + h53 * k3v + h54 * k4v
            bo = (
                kon * ue * (block1 - uo) - koff * uo + h51 * k1o + h52 * k2o + h53 * k3o + h54 * k4o
            )
            br = (1.0 - ur) * itau + h51 * k1r + h52 * k2r + h53 * k3r + h54 * k4r
            bd = kenz * ue + mc + h51 * k1d + h52 * k2d + h53 * k3d + h54 * k4d
            bx = kesc * ue + h51 * k1x + h52 * k2x + h53 * k3x + h54 * k4x
            bs = syn + h51 * k1s + h52 * k2s + h53 * k3s + h54 * k4s
            k5e = (be) * ime
            k5g = (bg + jge * k5e) * img
            k5c = (bc + jue * k5e + kret * k5g) * imc
            k5v = (bv + jvc * k5c) * hg
            k5o = (bo + joe * k5e) * imo
            k5r = (br) * imr
            k5d = (bd + kenz * k5e + mao * k5c) * hg
            k5x = (bx + kesc * k5e) * hg
            k5s = (bs + jsc * k5c) * hg
            ze = e + a51 * k1e + a52 * k2e + a53 * k3e + a54 * k4e + k5e
            zg = g + a51 * k1g + a52 * k2g + a53 * k3g + a54 * k4g + k5g
            zc = c + a51 * k1c + a52 * k2c + a53 * k3c + a54 * k4c + k5c
            zo = o + a51 * k1o + a52 * k2o + a53 * k3o + a54 * k4o + k5o
            zr = r + a51 * k1r + a52 * k2r + a53 * k3r + a54 * k4r + k5r
            up = vuf * ze / (ku + free * ze)
            gl = vg * ze / (kgl + ze) + ksp * ze
            syn = sp / (1.0 + zc * iki)
            pk = vp * zc / (kp + zc)
            mc = mao * zc
            rg = kret * zg
            be = -up - kloss * ze - gl + h61 * k1e + h62 * k2e + h63 * k3e + h64 * k4e + h65 * k5e
            bg = gl - rg + h61 * k1g + h62 * k2g + h63 * k3g + h64 * k4g + h65 * k5g
            bc = syn - pk - mc + up + rg + h61 * k1c + h62 * k2c + h63 * k3c + h64 * k4c + h65 * k5c
            bv = pk + h61 * k1v + h62 * k2v + h63 * k3v + h64 * k4v + h65 * k5v
            bo = (
                kon * ze * (block1 - zo)
                - koff * zo
                + h61 * k1o
                + h62 * k2o
                + h63 * k3o
                + h64 * k4o
                + h65 * k5o
            )
            br = (1.0 - zr) * itau + h61 * k1r + h62 * k2r + h63 * k3r + h64 * k4r + h65 * k5r
            bd = kenz * ze + mc + h61 * k1d + h62 * k2d + h63 * k3d + h64 * k4d + h65 * k5d
            bx = kesc * ze + h61 * k1x + h62 * k2x + h63 * k3x + h64 * k4x + h65 * k5x
            bs = syn + h61 * k1s + h62 * k2s + h63 * k3s + h64 * k4s + h65 * k5s
            k6e = (be) * ime
            k6g = (bg + jge * k6e) * img
            k6c = (bc + jue * k6e + kret * k6g) * imc
            k6v = (bv + jvc * k6c) * hg
            k6o = (bo + joe * k6e) * imo
            k6r = (br) * imr
            k6d = (bd + kenz * k6e + mao * k6c) * hg
            k6x = (bx + kesc * k6e) * hg
            k6s = (bs + jsc * k6c) * hg
            ne = ze + k6e
            ng = zg + k6g
            nc = zc + k6c
            nv = v + a51 * k1v + a52 * k2v + a53 * k3v + a54 * k4v + k5v + k6v
            no = zo + k6o
            nr = zr + k6r
            nd = d + a51 * k1d + a52 * k2d + a53 * k3d + a54 * k4d + k5d + k6d
            nx = x + a51 * k1x + a52 * k2x + a53 * k3x + a54 * k4x + k5x + k6x
            ns = s + a51 * k1s + a52 * k2s + a53 * k3s + a54 * k4s + k5s + k6s
            # the embedded order-3 solution differs from the order-4 one by the last stage
            # max(abs(y0), abs(y1)) written out: builtin calls cost more than the arithmetic
            a0 = e if e >= 0.0 else -e
            a1 = ne if ne >= 0.0 else -ne
            w = k6e / (ate + rtol * (a1 if a1 > a0 else a0))
            err = w * w
            a0 = g if g >= 0.0 else -g
            a1 = ng if ng >= 0.0 else -ng
            w = k6g / (atg + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = c if c >= 0.0 else -c
            a1 = nc if nc >= 0.0 else -nc
            w = k6c / (atc + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = v if v >= 0.0 else -v
            a1 = nv if nv >= 0.0 else -nv
            w = k6v / (atv + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = o if o >= 0.0 else -o
            a1 = no if no >= 0.0 else -no
            w = k6o / (ato + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = r if r >= 0.0 else -r
            a1 = nr if nr >= 0.0 else -nr
            w = k6r / (atr + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = d if d >= 0.0 else -d
            a1 = nd if nd >= 0.0 else -nd
            w = k6d / (atd + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = x if x >= 0.0 else -x
            a1 = nx if nx >= 0.0 else -nx
            w = k6x / (atx + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            a0 = s if s >= 0.0 else -s
            a1 = ns if ns >= 0.0 else -ns
            w = k6s / (ats + rtol * (a1 if a1 > a0 else a0))
            err += w * w
            err = sqrt(err / NSTATE)
            if err != err:  # NaN: shrink hard and retry
                err = 1e10
            if replay is not None:
                err = 0.0
            if err <= 1.0:
                steps += 1
                t_new = t1 if last else t + h
                # exact integral of the step's dense output (see the sampling below):
                # ∫₀¹ (1-θ)y0 + θ(y1 + (1-θ)(q1 + θ q2)) dθ = (y0 + y1)/2 + q1/6 + q2/12
                area_e += h * (
                    0.5 * (e + ne)
                    + (d21 * k1e + d22 * k2e + d23 * k3e + d24 * k4e + d25 * k5e) / 6.0
                    + (d31 * k1e + d32 * k2e + d33 * k3e + d34 * k4e + d35 * k5e) / 12.0
                )
                area_o += h * (
                    0.5 * (o + no)
                    + (d21 * k1o + d22 * k2o + d23 * k3o + d24 * k4o + d25 * k5o) / 6.0
                    + (d31 * k1o + d32 * k2o + d33 * k3o + d34 * k4o + d35 * k5o) / 12.0
                )
                # an undershoot below zero at the level of atol (a pool decaying to nothing)
                if ne < 0.0:
                    ne = 0.0
                if ng < 0.0:
                    ng = 0.0
                if nc < 0.0:
                    nc = 0.0
                if nv < 0.0:
                    nv = 0.0
                if no < 0.0:
                    no = 0.0
                if nr < 0.0:
                    nr = 0.0
                if i_out < n_out and times[i_out] < t_new:
                    # dense output y(θ) = (1-θ)y0 + θ(y1 + (1-θ)(q1 + θ q2)), written out per
                    # state like the stages (a loop over the nine states costs twice as much)
                    q1e = d21 * k1e + d22 * k2e + d23 * k3e + d24 * k4e + d25 * k5e
                    q2e = d31 * k1e + d32 * k2e + d33 * k3e + d34 * k4e + d35 * k5e
                    q1g = d21 * k1g + d22 * k2g + d23 * k3g + d24 * k4g + d25 * k5g
                    q2g = d31 * k1g + d32 * k2g + d33 * k3g + d34 * k4g + d35 * k5g
                    q1c = d21 * k1c + d22 * k2c + d23 * k3c + d24 * k4c + d25 * k5c
                    q2c = d31 * k1c + d32 * k2c + d33 * k3c + d34 * k4c + d35 * k5c
                    q1v = d21 * k1v + d22 * k2v + d23 * k3v + d24 * k4v + d25 * k5v
                    q2v = d31 * k1v + d32 * k2v + d33 * k3v + d34 * k4v + d35 * k5v
                    q1o = d21 * k1o + d22 * k2o + d23 * k3o + d24 * k4o + d25 * k5o
                    q2o = d31 * k1o + d32 * k2o + d33 * k3o + d34 * k4o + d35 * k5o
                    q1r = d21 * k1r + d22 * k2r + d23 * k3r + d24 * k4r + d25 * k5r
                    q2r = d31 * k1r + d32 * k2r + d33 * k3r + d34 * k4r + d35 * k5r
                    q1d = d21 * k1d + d22 * k2d + d23 * k3d + d24 * k4d + d25 * k5d
                    q2d = d31 * k1d + d32 * k2d + d33 * k3d + d34 * k4d + d35 * k5d
                    q1x = d21 * k1x + d22 * k2x + d23 * k3x + d24 * k4x + d25 * k5x
                    q2x = d31 * k1x + d32 * k2x + d33 * k3x + d34 * k4x + d35 * k5x
                    q1s = d21 * k1s + d22 * k2s + d23 * k3s + d24 * k4s + d25 * k5s
                    q2s = d31 * k1s + d32 * k2s + d33 * k3s + d34 * k4s + d35 * k5s
                    while i_out < n_out and times[i_out] < t_new:
                        th = (times[i_out] - t) / h
                        th1 = 1.0 - th
                        q = th1 * e + th * (ne + th1 * (q1e + th * q2e))
                        ce.append(q if q > 0.0 else 0.0)
                        q = th1 * g + th * (ng + th1 * (q1g + th * q2g))
                        cg.append(q if q > 0.0 else 0.0)
                        q = th1 * c + th * (nc + th1 * (q1c + th * q2c))
                        cc.append(q if q > 0.0 else 0.0)
                        q = th1 * v + th * (nv + th1 * (q1v + th * q2v))
                        cv.append(q if q > 0.0 else 0.0)
                        q = th1 * o + th * (no + th1 * (q1o + th * q2o))
                        co.append(q if q > 0.0 else 0.0)
                        q = th1 * r + th * (nr + th1 * (q1r + th * q2r))
                        cr.append(q if q > 0.0 else 0.0)
                        q = th1 * d + th * (nd + th1 * (q1d + th * q2d))
                        cd.append(q if q > 0.0 else 0.0)
                        q = th1 * x + th * (nx + th1 * (q1x + th * q2x))
                        cx.append(q if q > 0.0 else 0.0)
                        q = th1 * s + th * (ns + th1 * (q1s + th * q2s))
                        cs.append(q if q > 0.0 else 0.0)
                        i_out += 1
                t = t_new
                e, g, c, v, o, r, d, x, s = ne, ng, nc, nv, no, nr, nd, nx, ns
                # the right-hand side at the new start (`_f0`, written out: a call costs more)
                up = vuf * e / (ku + free * e)
                gl = vg * e / (kgl + e) + ksp * e
                syn = sp / (1.0 + c * iki)
                pk = vp * c / (kp + c)
                mc = mao * c
                rg = kret * g
                f0e = -up - kloss * e - gl
                f0g = gl - rg
                f0c = syn - pk - mc + up + rg
                f0v = pk
                f0o = kon * e * (block1 - o) - koff * o
                f0r = (1.0 - r) * itau
                f0d = kenz * e + mc
                f0x = kesc * e
                f0s = syn
                if record is not None:
                    record.append(h)
                if replay is not None:
                    n_replay += 1
                    h = replay[n_replay] if n_replay < len(replay) else t1 - t
                    continue
                scale = 0.9 * err**-0.25 if err > 1e-20 else 6.0
                scale = scale if scale > 0.2 else 0.2  # min(6, max(0.2, scale)), written out
                h *= scale if scale < 6.0 else 6.0
            else:
                rejected += 1
                scale = 0.9 * err**-0.25
                h *= scale if scale > 0.2 else 0.2
    return Run(
        cols,
        [e, g, c, v, o, r, d, x, s],
        peaks,
        pre,
        steps,
        rejected,
        True,
        "The solver reached the end of the run.",
        times,
        area_e,
        area_o,
        t,
    )
