r"""The equations of the transmitter cycle and their stiff, event-driven integration.

State vector (index: name): 0 cleft :math:`e`, 1 glia :math:`g`, 2 cytosol :math:`c`,
3 vesicles :math:`v`, 4 occupancy :math:`o`, 5 ready :math:`r`, and the cumulative amounts
6 degraded :math:`d`, 7 escaped :math:`x`, 8 synthesised :math:`s`. All pools are amounts divided
by one reference volume (µM), so that transfers between pools need no volume factors.

Between spikes:

.. math::

    \dot e &= -U(e) - (k_\mathrm{enz} + k_\mathrm{diff})\,e - G(e) \\
    \dot g &= G(e) - k_\mathrm{ret}\,g \\
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

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["IDX", "NSTATE", "Rates", "Run", "flow", "jump", "rhs", "run"]

NSTATE = 9
IDX = {"cleft": 0, "glia": 1, "cytosol": 2, "vesicles": 3, "occupancy": 4, "ready": 5,
       "degraded": 6, "escaped": 7, "synthesised": 8}

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

    @classmethod
    def from_values(cls, p: dict[str, float]) -> Rates:
        """Build from public parameter values."""
        return cls(
            sp=p["synthesis_rate"] * p["precursor"], ki=p["synthesis_ki"],
            vp=p["packaging_vmax"], kp=p["packaging_km"], vcap=p["vesicle_capacity"],
            mao=p["mao_rate"], rate=p["firing_rate"], p0=p["release_probability"],
            amount=p["release_amount"], tau=p["pool_recovery_tau"],
            gain=p["autoreceptor_gain"], kon=p["receptor_kon"], koff=p["receptor_koff"],
            block=p["receptor_block"], vu=p["reuptake_vmax"], ku=p["reuptake_km"],
            free=1.0 - p["reuptake_block"], kenz=p["enzyme_rate"], vg=p["glia_vmax"],
            kg=p["glia_km"], kret=p["glia_return_rate"], kdiff=p["diffusion_rate"],
        )


def rhs(k: Rates, y: Sequence[float]) -> list[float]:
    """Return dy/dt (used by the SciPy reference and the tests; the solver inlines it)."""
    e, g, c, _v, o, r = y[0], y[1], y[2], y[3], y[4], y[5]
    up = k.vu * k.free * e / (k.ku + k.free * e)
    gl = k.vg * e / (k.kg + e)
    syn = k.sp / (1.0 + c / k.ki)
    pk = k.vp * c / (k.kp + c)
    return [
        -up - (k.kenz + k.kdiff) * e - gl,
        gl - k.kret * g,
        syn - pk - k.mao * c + up + k.kret * g,
        pk,
        k.kon * e * (1.0 - k.block - o) - k.koff * o,
        (1.0 - r) / k.tau,
        k.kenz * e + k.mao * c,
        k.kdiff * e,
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
    """Outcome of :func:`run`: sampled states, final state and counters."""

    samples: list[list[float]]
    final: list[float]
    peaks: list[float]
    steps: int
    rejected: int
    success: bool
    message: str


_MAX_STEPS = 200_000


def run(k: Rates, y0: Sequence[float], t_end: float, spikes: Sequence[float],
        t_out: Sequence[float], rtol: float, atol: Sequence[float],
        replay: list[float] | None = None, record: list[float] | None = None) -> Run:
    """Integrate from ``y0`` over [0, ``t_end``] with jumps at ``spikes``.

    Outputs are right-continuous: a sample at a spike time shows the state just after it.

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
    """
    # unpack once: attribute look-ups dominate the inner loop otherwise
    sp, ki, vp, kp, mao = k.sp, k.ki, k.vp, k.kp, k.mao
    kon, koff, block1 = k.kon, k.koff, 1.0 - k.block
    vuf, ku, free, kenz, vg, kg, kret, kdiff = (k.vu * k.free, k.ku, k.free, k.kenz, k.vg,
                                                 k.kg, k.kret, k.kdiff)
    kloss = kenz + kdiff
    itau = 1.0 / k.tau

    def f(y: Sequence[float]) -> list[float]:
        e, g, c, o = y[0], y[1], y[2], y[4]
        up = vuf * e / (ku + free * e)
        gl = vg * e / (kg + e)
        syn = sp / (1.0 + c / ki)
        pk = vp * c / (kp + c)
        return [-up - kloss * e - gl, gl - kret * g, syn - pk - mao * c + up + kret * g, pk,
                kon * e * (block1 - o) - koff * o, (1.0 - y[5]) * itau,
                kenz * e + mao * c, kdiff * e, syn]

    samples: list[list[float]] = []
    peaks: list[float] = []
    y = list(y0)
    t = 0.0
    n_out = len(t_out)
    i_out = 0
    i_sp = 0
    n_sp = len(spikes)
    steps = rejected = 0
    h = 0.0
    while True:
        while i_sp < n_sp and spikes[i_sp] <= t:
            jump(k, y)
            peaks.append(y[0])
            i_sp += 1
        while i_out < n_out and t_out[i_out] <= t:
            samples.append(y[:])
            i_out += 1
        if t >= t_end:
            break
        t1 = spikes[i_sp] if i_sp < n_sp else t_end
        t1 = min(t1, t_end)
        # a fresh step-size guess after each jump: the solution just changed abruptly
        f0 = f(y)
        sk = [atol[i] + rtol * abs(y[i]) for i in range(NSTATE)]
        d1 = math.sqrt(sum((f0[i] / sk[i]) ** 2 for i in range(NSTATE)) / NSTATE)
        h = min(t1 - t, 0.05 / d1 if d1 > 0.0 else t1 - t)
        n_replay = 0
        if replay is not None:
            h = replay[0]
        while t < t1:
            if steps + rejected > _MAX_STEPS:
                return Run(samples, y, peaks, steps, rejected, False,
                           f"Step limit exceeded at t = {t:g} s.")
            last = t + h >= t1 * (1.0 - 1e-14) or t + h >= t1
            if last:
                h = t1 - t
            e, g, c, o = y[0], y[1], y[2], y[4]
            # exact Jacobian, lower triangular in this ordering
            den = ku + free * e
            jue = vuf * ku / (den * den)
            dg = kg + e
            jge = vg * kg / (dg * dg)
            ds = 1.0 + c / ki
            jsc = -sp / (ki * ds * ds)
            dp = kp + c
            jvc = vp * kp / (dp * dp)
            fac = 1.0 / (h * _G)
            m_e = fac + jue + kloss + jge
            m_g = fac + kret
            m_c = fac - jsc + jvc + mao
            joe = kon * (block1 - o)
            m_o = fac + kon * e + koff
            m_r = fac + itau
            ih = 1.0 / h

            def solve(b: list[float]) -> list[float]:
                x0 = b[0] / m_e
                x1 = (b[1] + jge * x0) / m_g
                x2 = (b[2] + jue * x0 + kret * x1) / m_c
                return [x0, x1, x2, (b[3] + jvc * x2) / fac, (b[4] + joe * x0) / m_o,
                        b[5] / m_r, (b[6] + kenz * x0 + mao * x2) / fac,
                        (b[7] + kdiff * x0) / fac, (b[8] + jsc * x2) / fac]

            k1 = solve(f0)
            fy = f([y[i] + _A21 * k1[i] for i in range(NSTATE)])
            k2 = solve([fy[i] + _C21 * ih * k1[i] for i in range(NSTATE)])
            fy = f([y[i] + _A31 * k1[i] + _A32 * k2[i] for i in range(NSTATE)])
            k3 = solve([fy[i] + ih * (_C31 * k1[i] + _C32 * k2[i]) for i in range(NSTATE)])
            fy = f([y[i] + _A41 * k1[i] + _A42 * k2[i] + _A43 * k3[i] for i in range(NSTATE)])
            k4 = solve([fy[i] + ih * (_C41 * k1[i] + _C42 * k2[i] + _C43 * k3[i])
                        for i in range(NSTATE)])
            y5 = [y[i] + _A51 * k1[i] + _A52 * k2[i] + _A53 * k3[i] + _A54 * k4[i]
                  for i in range(NSTATE)]
            fy = f(y5)
            k5 = solve([fy[i] + ih * (_C51 * k1[i] + _C52 * k2[i] + _C53 * k3[i]
                                      + _C54 * k4[i]) for i in range(NSTATE)])
            y6 = [y5[i] + k5[i] for i in range(NSTATE)]
            fy = f(y6)
            k6 = solve([fy[i] + ih * (_C61 * k1[i] + _C62 * k2[i] + _C63 * k3[i]
                                      + _C64 * k4[i] + _C65 * k5[i]) for i in range(NSTATE)])
            ynew = [y6[i] + k6[i] for i in range(NSTATE)]
            err = 0.0
            for i in range(NSTATE):
                yi, yn = y[i], ynew[i]
                sc = atol[i] + rtol * max(abs(yi), abs(yn))
                q = k6[i] / sc
                err += q * q
            err = math.sqrt(err / NSTATE)
            if err != err:  # NaN: shrink hard and retry
                err = 1e10
            if replay is not None:
                err = 0.0
            if err <= 1.0:
                steps += 1
                t_new = t1 if last else t + h
                if i_out < n_out and t_out[i_out] < t_new:
                    q1 = [_D21 * k1[i] + _D22 * k2[i] + _D23 * k3[i] + _D24 * k4[i]
                          + _D25 * k5[i] for i in range(NSTATE)]
                    q2 = [_D31 * k1[i] + _D32 * k2[i] + _D33 * k3[i] + _D34 * k4[i]
                          + _D35 * k5[i] for i in range(NSTATE)]
                    while i_out < n_out and t_out[i_out] < t_new:
                        th = (t_out[i_out] - t) / h
                        th1 = 1.0 - th
                        samples.append([th1 * y[i] + th * (ynew[i] + th1 * (q1[i] + th * q2[i]))
                                        for i in range(NSTATE)])
                        i_out += 1
                t = t_new
                y = ynew
                f0 = f(y)
                if record is not None:
                    record.append(h)
                if replay is not None:
                    n_replay += 1
                    h = replay[n_replay] if n_replay < len(replay) else t1 - t
                    continue
                scale = 0.9 * err ** -0.25 if err > 1e-20 else 6.0
                h *= min(6.0, max(0.2, scale))
            else:
                rejected += 1
                h *= max(0.2, 0.9 * err ** -0.25)
    return Run(samples, y, peaks, steps, rejected, True, "The solver reached the end of the run.")


def flow(k: Rates, y0: Sequence[float], duration: float, rtol: float,
         atol: Sequence[float]) -> list[float]:
    """Return the state after ``duration`` s without spikes."""
    return run(k, y0, duration, (), (), rtol, atol).final
