"""How the demo draws each shared indicator: one entry per code of indicators.csv, with the
reason for its order of magnitude.

Every draw depends on the collectivity (its type, population, size class, staff, maturity) and
on the year (`t` goes from 0 in 2021 to 1 in 2026). Per-collectivity draws (`u`) are stable
across years, so a collectivity keeps its profile and follows a trend; per-year draws (`v`, `bruit`) add
a little noise. Parts of a whole never exceed their whole, denominators such as « population »
are the real population, counts are integers.
"""

import math
from dataclasses import dataclass
from functools import cached_property

from commitments.demo_national import Portrait, uniforme

# Share of indicators a collectivity answers, by size class (small communes answer fewer).
REPONSE = {"1": 0.55, "2": 0.72, "3": 0.82, "4": 0.88, "5": 0.93, "": 0.85}
# Staff per 1,000 inhabitants (French public-service staffing orders of magnitude).
AGENTS_POUR_1000 = {"commune": 13, "epci": 4, "departement": 4.5, "region": 1.3, "autre": 0.3}
# Seats of a municipal council by population (Code électoral L. 2121-2), then the big three.
SIEGES_COMMUNE = [
    (100, 7),
    (500, 11),
    (1_500, 15),
    (2_500, 19),
    (3_500, 23),
    (5_000, 27),
    (10_000, 29),
    (20_000, 33),
    (30_000, 35),
    (40_000, 39),
    (50_000, 43),
    (60_000, 45),
    (80_000, 49),
    (100_000, 53),
    (150_000, 55),
    (200_000, 59),
    (250_000, 61),
    (300_000, 65),
]
# Conseillers numériques: launched in 2021, at full strength in 2022–2023, then fewer funded.
CONSEILLERS_PAR_ANNEE = {2021: 0.7, 2022: 1.0, 2023: 1.0, 2024: 0.9, 2025: 0.75, 2026: 0.7}


class Contexte:
    """One collectivity in one year, with the quantities several indicators share."""

    def __init__(self, portrait: Portrait, annee: int):
        self.p, self.annee = portrait, annee
        self.t = (annee - 2021) / 5
        self.pop = max(portrait.population, 1)
        self.petite = portrait.classe_taille == "1"

    def u(self, *cles):
        """A uniform draw of this collectivity, the same every year."""
        return uniforme(self.p.cle, *cles)

    def v(self, *cles):
        """A uniform draw of this collectivity and year."""
        return uniforme(self.p.cle, self.annee, *cles)

    def bruit(self, nom, ecart):
        """A normal draw of this year (Box–Muller)."""
        u1, u2 = 1 - self.v(nom, 1), self.v(nom, 2)
        return ecart * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def entre(self, nom, bas, haut):
        return bas + (haut - bas) * self.v(nom)

    def part(self, nom, debut, fin, ecart=0.15):
        """A share in [0, 1] going from about `debut` (2021) to `fin` (2026), higher for
        mature collectivities, spread by ± `ecart` between collectivities."""
        niveau = debut + (fin - debut) * self.t + ecart * (2 * self.u(nom) - 1)
        niveau += 0.2 * (self.p.maturite - 0.35) + self.bruit(nom, 0.02)
        return min(1.0, max(0.0, niveau))

    def ratio(self, nom, denominateur, debut, fin, ecart=0.15, decimales=0):
        denominateur = max(denominateur, 1)
        numerateur = round(denominateur * self.part(nom, debut, fin, ecart), decimales)
        return {"numerateur": numerateur, "denominateur": denominateur}

    def oui(self, nom, debut, fin):
        """Yes once the collectivity's fixed draw falls under a rising probability: a yes
        stays a yes."""
        p = (debut + (fin - debut) * self.t) * (0.6 + self.p.maturite)
        return {"booleen": self.u(nom) < p}

    def poisson(self, nom, moyenne):
        """A Poisson count (inverse distribution function below 30, normal above)."""
        if moyenne > 30:
            return max(0, round(moyenne + self.bruit(nom, math.sqrt(moyenne))))
        u, k, p = self.v(nom), 0, math.exp(-moyenne)
        cumul = p
        while u > cumul and k < 200:
            k += 1
            p *= moyenne / k
            cumul += p
        return k

    def compte(self, nom, moyenne):
        return {"valeur": self.poisson(nom, moyenne)}

    def quantite(self, valeur, decimales=2):
        return {"valeur": round(valeur, decimales)}

    @cached_property
    def agents(self):
        taux = AGENTS_POUR_1000[self.p.type]
        if self.p.type == "commune" and self.petite:
            taux = 7
        if self.p.nature in ("METRO", "MET69"):
            taux = 8
        facteur = math.exp(0.25 * (2 * self.u("agents") - 1))
        return max(1, round(self.pop / 1000 * taux * facteur * (1 + 0.005 * self.t)))

    @cached_property
    def sieges(self):
        if self.p.type == "commune":
            return next((s for borne, s in SIEGES_COMMUNE if self.pop < borne), 69)
        plafond, base, pas = {
            "epci": (200, 20, 10_000),
            "departement": (90, 34, 40_000),
            "region": (209, 43, 80_000),
        }.get(self.p.type, (40, 20, 50_000))
        return min(plafond, base + round(self.pop / pas))

    @cached_property
    def empreinte_kg(self):
        """Own digital footprint: 150–400 kg CO2e per agent, falling about 3 % a year."""
        par_agent = 150 + 250 * self.u("empreinte")
        return self.agents * par_agent * (1 - 0.03 * 5 * self.t) * self.entre("kg", 0.97, 1.03)

    @cached_property
    def kwh_serveurs(self):
        """In-house server rooms: 100–350 kWh per agent a year, less as services move out."""
        return self.agents * (100 + 250 * self.u("kwh")) * (1 - 0.04 * 5 * self.t)

    @cached_property
    def pue(self):
        """1.3–2.2 in 2021, better by 0.3 over the period, never below 1.1."""
        return max(1.1, 1.3 + 0.9 * self.u("pue") - 0.3 * self.t)

    @cached_property
    def achats_it(self):
        """IT and telephony purchases: 400–900 € per agent a year."""
        return self.agents * (400 + 500 * self.u("achats")) * self.entre("achats", 0.9, 1.1)

    @cached_property
    def reformes(self):
        """Devices retired a year: one every 5–12 years per agent."""
        return max(1, round(self.agents * (0.08 + 0.12 * self.u("reformes"))))

    @cached_property
    def conseillers(self):
        moyenne = 2 if self.p.type == "region" else self.pop / 30_000 * (0.5 + self.u("cn"))
        return self.poisson("cn", moyenne * CONSEILLERS_PAR_ANNEE[self.annee])


@dataclass(frozen=True)
class Loi:
    tirer: object  # Contexte → the value's fields
    pourquoi: str
    taille_min: int = 0  # never answered below this population
    reponse: float = 1.0  # how often it is answered, relative to the size class's rate


def _score(c):
    """Fragility: higher in small rural communes, stable over the years."""
    centre = {"1": 6.3, "2": 5.6, "3": 5.0, "4": 4.6, "5": 4.2}.get(c.p.classe_taille, 5)
    valeur = centre + 3 * (c.u("fragilite") - 0.5) + c.bruit("fragilite", 0.1)
    return {"valeur": round(min(9.5, max(1.5, valeur)), 1), "poids": c.pop}


def _postes(c):
    moyenne = 4.2 + 1.3 * c.t + 1.2 * (c.u("duree") - 0.5) + c.bruit("duree", 0.1)
    return {"valeur": round(moyenne, 1), "poids": max(1, round(c.agents * 0.8))}


def _pue(c):
    total = round(c.kwh_serveurs)
    return {"numerateur": total, "denominateur": round(total / c.pue)}


def _strategie(c):
    # Loi REEN: communes and EPCI over 50,000 inhabitants must adopt one by 2025.
    obligee = c.pop >= 50_000 and c.p.type in ("commune", "epci")
    return (
        c.oui("strategie", 0.3, 1.0)
        if obligee and c.annee >= 2025
        else c.oui("strategie", 0.05, 0.3)
    )


def _donnes(c):
    reemploi = c.reformes * c.part("reemploi", 0.25, 0.6)
    return {"valeur": round(reemploi * (0.3 + 0.4 * c.u("dons")))}


LOIS = {
    "A1E1-01": Loi(
        lambda c: c.ratio("aide", round(4 + 1.5 * c.pop ** (1 / 3)), 0.45, 0.75),
        "Online procedures grow with size (≈ 15 in a village, ≈ 200 in Paris); 45 → 75 % with a human channel.",
    ),
    "A1E1-02": Loi(
        lambda c: c.ratio(
            "rgaa", round((1 + math.log10(c.pop)) * (60 + 30 * c.u("criteres"))), 0.45, 0.7
        ),
        "Audited services × 60–90 applicable RGAA criteria; observed compliance 45 → 70 %.",
        reponse=0.6,
    ),
    "A1E1-03": Loi(
        lambda c: c.oui("declaration", 0.25, 0.6),
        "Accessibility statements: a minority in 2021, a majority by 2026.",
    ),
    "A1E1-04": Loi(
        lambda c: {
            "numerateur": c.poisson(
                "lieux", c.pop / 10_000 * (1 + 1.5 * c.t) * (0.5 + c.u("lieux"))
            )
            if c.pop >= 1_500
            else 0,
            "denominateur": c.pop,
        },
        "≈ 1 to 4 venues per 10,000 inhabitants (France Services, mediation venues); none in villages under 1,500.",
        reponse=0.8,
    ),
    "A1E1-05": Loi(
        _score, "Context index 1–10 weighted by population: higher in small rural communes."
    ),
    "A1E2-01": Loi(
        lambda c: {"valeur": c.conseillers},
        "≈ 1 advisor per 30,000 inhabitants, peaking in 2022–2023 then fewer funded.",
    ),
    "A1E2-02": Loi(
        lambda c: {
            "valeur": round(
                c.conseillers * (500 + 400 * c.u("sessions")) + c.pop * 0.005 * c.u("acc")
            )
        },
        "500–900 sessions a year per advisor, plus a few by other staff.",
    ),
    "A1E2-03": Loi(
        lambda c: c.ratio("formes", c.agents, 0.03, 0.25, ecart=0.05),
        "Staff trained: 3 → 25 % of the real headcount (proportional to population).",
    ),
    "A1E2-04": Loi(
        lambda c: c.ratio("elus", c.sieges, 0.1, 0.45),
        "Council seats by the legal table; 10 → 45 % briefed.",
    ),
    "A1E2-05": Loi(
        lambda c: {"valeur": round(c.pop * (0.002 + 0.02 * c.u("touches")) * (0.5 + c.t))},
        "0.2–2 % of residents reached a year, rising.",
        reponse=0.7,
    ),
    "A1E3-01": Loi(
        lambda c: c.oui("plateforme", 0.1 + 0.3 * (not c.petite), 0.35 + 0.45 * (not c.petite)),
        "Participation platforms: common in towns, rare in villages.",
    ),
    "A1E3-02": Loi(
        lambda c: c.compte("participatives", (0.3 + c.pop**0.4 / 20) * (0.6 + 0.8 * c.t)),
        "≈ 1 a year in a village, ≈ 20 in a big city.",
    ),
    "A1E3-03": Loi(
        lambda c: {
            "numerateur": round(c.pop * (0.005 + 0.035 * c.u("participants")) * (0.7 + 0.5 * c.t)),
            "denominateur": c.pop,
        },
        "5–50 participants per 1,000 inhabitants.",
        reponse=0.7,
    ),
    "A2E1-01": Loi(
        lambda c: c.quantite(c.empreinte_kg / 1000, 1),
        "150–400 kg CO2e per agent a year, falling 3 % a year (same draw as A2E1-02).",
        taille_min=3_500,
        reponse=0.55,
    ),
    "A2E1-02": Loi(
        lambda c: {"numerateur": round(c.empreinte_kg), "denominateur": c.agents},
        "The A2E1-01 footprint in kg over the real headcount: 150–400 kg per agent.",
        taille_min=3_500,
        reponse=0.55,
    ),
    "A2E1-03": Loi(
        _postes, "Workstations last 4–5.5 years, rising; weight: about 0.8 workstation per agent."
    ),
    "A2E1-04": Loi(
        lambda c: c.quantite(c.kwh_serveurs, 0),
        "In-house server rooms only from 3,500 inhabitants: 100–350 kWh per agent a year.",
        taille_min=3_500,
        reponse=0.6,
    ),
    "A2E1-05": Loi(
        _pue,
        "PUE 1.3–2.2, improving by 0.3 over the period, never below 1.1 (same kWh as A2E1-04).",
        taille_min=3_500,
        reponse=0.45,
    ),
    "A2E1-06": Loi(
        lambda c: c.ratio("rgesn", round((1 + c.u("services") * 4) * 78 * 0.85), 0.2, 0.5),
        "1–5 services assessed × ≈ 66 applicable RGESN criteria; 20 → 50 % met.",
        taille_min=20_000,
        reponse=0.5,
    ),
    "A2E2-01": Loi(
        lambda c: c.ratio("reemploi-achats", round(c.achats_it), 0.06, 0.26, ecart=0.08),
        "Share of 400–900 € of IT purchases per agent from reuse: 6 → 26 % (target 20 % in 2024).",
        reponse=0.7,
    ),
    "A2E2-02": Loi(
        lambda c: c.ratio("clauses", 1 + c.poisson("marches", c.agents / 150), 0.2, 0.6),
        "About one digital contract a year per 150 agents; 20 → 60 % with a clause.",
        reponse=0.7,
    ),
    "A2E2-03": Loi(
        lambda c: c.oui("reparabilite", 0.2, 0.55),
        "Repairability index in tenders: spreading since the REEN law.",
    ),
    "A2E2-04": Loi(
        lambda c: c.oui("spaser", 0.25, 0.65),
        "Only buyers of ≥ 50 M€ a year must adopt a SPASER: the largest answer.",
        taille_min=80_000,
    ),
    "A2E3-01": Loi(
        lambda c: c.ratio("reemploi", c.reformes, 0.25, 0.6),
        "Retired devices (one every 5–12 years per agent); 25 → 60 % reused, near the legal targets.",
    ),
    "A2E3-02": Loi(_donnes, "30–70 % of the reused devices of A2E3-01 are donated."),
    "A2E3-03": Loi(
        lambda c: c.ratio("deee", round(c.reformes * (4 + 4 * c.u("kg"))), 0.7, 0.95, ecart=0.1),
        "4–8 kg of WEEE per retired device; 70 → 95 % to approved schemes.",
        reponse=0.7,
    ),
    "A2E3-04": Loi(
        lambda c: c.quantite(c.achats_it * (0.01 + 0.07 * c.u("ess")) * (0.5 + c.t), 0),
        "1–8 % of IT purchases refurbished locally or by social-economy suppliers, rising.",
        reponse=0.6,
    ),
    "A3E1-01": Loi(
        lambda c: c.ratio(
            "ftth", round(c.pop * (0.55 + 0.15 * c.u("locaux"))), 0.62 + 0.1 * (not c.petite), 0.93
        ),
        "Premises ≈ 0.55–0.7 per inhabitant; FTTH coverage ≈ 65 % in 2021, ≈ 95 % in 2026 (Arcep).",
    ),
    "A3E1-02": Loi(
        lambda c: c.ratio("batiments", 2 + round(c.agents / 25), 0.5, 0.9),
        "About one public building per 25 agents; 50 → 90 % with very-high-speed access.",
    ),
    "A3E1-03": Loi(
        lambda c: c.ratio("projets", 1 + c.poisson("lances", c.pop**0.3 / 15), 0.1, 0.5),
        "A few smart-territory projects a year in towns; 10 → 50 % assessed beforehand.",
        taille_min=3_500,
        reponse=0.5,
    ),
    "A3E1-04": Loi(
        lambda c: c.quantite(c.pop * (0.002 + 0.008 * c.u("mwh")) * (0.3 + c.t), 1),
        "2–10 kWh saved per inhabitant a year (lighting, heating control), rising.",
        taille_min=3_500,
        reponse=0.5,
    ),
    "A3E2-01": Loi(
        _strategie, "Mandatory from 2025 for communes and EPCI over 50,000 inhabitants."
    ),
    "A3E2-02": Loi(
        lambda c: c.oui("bilan", 0.1, 0.5), "Impact assessments: a tenth in 2021, half by 2026."
    ),
    "A3E2-03": Loi(lambda c: c.oui("referent", 0.3, 0.8), "A designated lead is the first step."),
    "A3E2-04": Loi(
        lambda c: {
            "numerateur": round(c.pop * (0.1 + 1.4 * c.u("budget")) * (0.6 + 0.6 * c.t)),
            "denominateur": c.pop,
        },
        "0.1–2 € per inhabitant a year over the real population.",
        reponse=0.6,
    ),
    "A3E2-05": Loi(
        lambda c: c.compte("acteurs", (3 + c.pop**0.35 / 8) * (0.6 + 0.6 * c.t)),
        "A handful of stakeholders in a village, ≈ 25 in a big city.",
    ),
    "A3E3-01": Loi(
        lambda c: c.oui("charte", 0.05, 0.35), "Data charters: mostly larger collectivities."
    ),
    "A3E3-02": Loi(
        lambda c: c.compte("jeux", c.pop**0.5 / 12 * (0.5 + c.t)),
        "Open datasets ≈ √population / 12: a few in a town, ≈ 150 in Paris.",
        taille_min=3_500,
    ),
    "A3E3-03": Loi(
        lambda c: c.oui("algorithmes", 0.05, 0.3),
        "Algorithm rules (CRPA): applies from 3,500 inhabitants, seldom published.",
        taille_min=3_500,
    ),
    "A3E3-04": Loi(
        lambda c: c.ratio(
            "hebergement", round(c.agents * (0.05 + 0.15 * c.u("to")), 2), 0.6, 0.85, decimales=2
        ),
        "0.05–0.2 TB per agent; 60 → 85 % hosted in France or the EU.",
        reponse=0.7,
    ),
}


def repond(loi, contexte, code):
    """Whether this collectivity answers this indicator (the same every year)."""
    if contexte.pop < loi.taille_min:
        return False
    taux = REPONSE.get(contexte.p.classe_taille, 0.85) * loi.reponse
    return contexte.u("repond", code) < min(1.0, taux + 0.15 * contexte.p.maturite)
