"""Demo content of the ecosysteme app: directory, toolbox and lexicon (idempotent).

Actors are fictional (names, SIRET numbers with a valid check digit) and sit on the demo
collectivities; a collectivity missing from the database is skipped, not invented.
"""

from wagtail.models import Site

from ecosysteme.models import (
    Acteur,
    ActeurZone,
    AnnuairePage,
    BoiteAOutilsPage,
    LexiquePage,
    RessourcePage,
    Terme,
    TypeActeur,
    TypeRessource,
)
from manifeste.models import Collectivite, Engagement
from manifeste.pages import page_enfant

INDEX = [
    (
        AnnuairePage,
        "annuaire",
        "Annuaire des acteurs locaux",
        "<p>Prestataires locaux, entreprises du logiciel libre, reconditionneurs, lieux d'aide "
        "numérique… les acteurs qui aident les collectivités à tenir leurs engagements.</p>",
    ),
    (
        BoiteAOutilsPage,
        "boite-a-outils",
        "Boîte à outils",
        "<p>Guides, modèles, clauses d'achat, formations et outils partagés entre "
        "collectivités.</p>",
    ),
    (
        LexiquePage,
        "lexique",
        "Lexique",
        "<p>Le vocabulaire commun du numérique responsable.</p>",
    ),
]

# (nom, type, siret, commune INSEE, [(type, code) served], engagements, publié, description)
ACTEURS = [
    (
        "Reconnect Rhône-Alpes",
        TypeActeur.RECONDITIONNEUR,
        "84123456700011",
        "69123",
        [("region", "84")],
        ["A2E3", "A2E2"],
        True,
        "Reconditionne les ordinateurs et smartphones réformés des collectivités et les revend "
        "avec une garantie de deux ans.",
    ),
    (
        "Atelier du Libre Parisien",
        TypeActeur.LOGICIEL_LIBRE,
        "85234567800019",
        "75056",
        [("commune", "75056")],
        ["A2E2", "A3E3"],
        True,
        "Intègre et maintient des logiciels libres pour les services publics.",
    ),
    (
        "Ressourcerie numérique de l'Ain",
        TypeActeur.ESS,
        "79345678100020",
        "01004",
        [("departement", "01")],
        ["A2E3", "A1E1"],
        True,
        "Association d'insertion : collecte, reconditionnement et don d'équipements aux habitants.",
    ),
    (
        "Collecte DEEE Rhône",
        TypeActeur.RECYCLEUR,
        "88456789200010",
        "69266",
        [("region", "84")],
        ["A2E3"],
        True,
        "Collecte et recyclage des déchets d'équipements électriques et électroniques.",
    ),
    (
        "Espace numérique de la Croix-Rousse",
        TypeActeur.AIDE_NUMERIQUE,
        "",
        "69123",
        [("commune", "69123")],
        ["A1E1", "A1E2"],
        True,
        "Accompagnement aux démarches en ligne et ateliers de médiation numérique.",
    ),
    (
        "Point d'appui numérique Paris Centre",
        TypeActeur.AIDE_NUMERIQUE,
        "",
        "75056",
        [("commune", "75056")],
        ["A1E1"],
        True,
        "Permanences d'aide aux démarches administratives en ligne, sans rendez-vous.",
    ),
    (
        "Formations Sobriété numérique",
        TypeActeur.FORMATION,
        "90567891300013",
        "69123",
        [("region", "84")],
        ["A1E2", "A2E1"],
        True,
        "Forme les agents et les élus à l'écoconception et à la sobriété numérique.",
    ),
    (
        "Numérique Local Services",
        TypeActeur.PRESTATAIRE_LOCAL,
        "77678912400034",
        "01001",
        [("departement", "01")],
        ["A2E2"],
        True,
        "Infogérance et maintenance informatique pour les petites communes.",
    ),
    (
        "Coop Dev Grand Paris",
        TypeActeur.ESS,
        "83789123500017",
        "75056",
        [("epci", "200054781")],
        ["A2E2", "A3E2"],
        True,
        "Société coopérative de développement web accessible et écoconçu.",
    ),
    (
        "Le Tri connecté",
        TypeActeur.RECYCLEUR,
        "91891234600023",
        "69123",
        [("commune", "69123")],
        ["A2E3"],
        False,
        "Proposition en attente de validation : collecte de petits équipements en pied d'immeuble.",
    ),
]

TERMES = [
    (
        "RGESN",
        "Référentiel général d'écoconception de services numériques",
        "Référentiel publié par l'État (Arcep, Arcom, ADEME, DINUM) : critères pour concevoir des "
        "services numériques plus sobres.",
        ["A2E1", "A2E2"],
    ),
    (
        "RGAA",
        "Référentiel général d'amélioration de l'accessibilité",
        "Méthode de vérification de la conformité des sites publics aux règles d'accessibilité "
        "(WCAG).",
        ["A1E1"],
    ),
    (
        "AGEC",
        "Loi anti-gaspillage pour une économie circulaire",
        "Loi du 10 février 2020 ; elle impose notamment aux acheteurs publics une part "
        "d'équipements issus du réemploi.",
        ["A2E2", "A2E3"],
    ),
    (
        "REEN",
        "Loi visant à réduire l'empreinte environnementale du numérique",
        "Loi du 15 novembre 2021 ; elle demande aux communes de plus de 50 000 habitants une "
        "stratégie numérique responsable.",
        ["A3E2"],
    ),
    (
        "DEEE",
        "Déchets d'équipements électriques et électroniques",
        "Équipements en fin de vie, collectés et traités par des filières agréées.",
        ["A2E3"],
    ),
    (
        "Reconditionnement",
        "reconditionné",
        "Remise en état d'un équipement usagé (tests, réparation, effacement des données) pour "
        "une seconde vie.",
        ["A2E3"],
    ),
    (
        "Réemploi",
        "",
        "Réutilisation d'un équipement pour un usage identique à celui pour lequel il a été conçu.",
        ["A2E3"],
    ),
    (
        "Médiation numérique",
        "inclusion numérique",
        "Accompagnement des personnes vers l'autonomie dans les usages numériques.",
        ["A1E1", "A1E2"],
    ),
    (
        "Sobriété numérique",
        "",
        "Démarche qui consiste à concevoir et utiliser le numérique au juste besoin.",
        ["A2E1"],
    ),
    (
        "Écoconception",
        "écoconception de services numériques",
        "Prise en compte de l'environnement dès la conception d'un service ou d'un produit.",
        ["A2E1", "A2E2"],
    ),
    (
        "Obsolescence programmée",
        "",
        "Techniques visant à réduire délibérément la durée de vie d'un produit ; délit en France "
        "depuis 2015.",
        ["A2E2"],
    ),
    (
        "Indice de réparabilité",
        "indice de durabilité",
        "Note sur 10 affichée sur certains équipements, indiquant leur facilité de réparation.",
        ["A2E2"],
    ),
    (
        "SPASER",
        "Schéma de promotion des achats socialement et écologiquement responsables",
        "Schéma obligatoire pour les acheteurs publics dont les achats dépassent 50 millions "
        "d'euros par an.",
        ["A2E2"],
    ),
    (
        "Logiciel libre",
        "open source",
        "Logiciel dont l'utilisation, l'étude, la modification et la redistribution sont permises.",
        ["A2E2", "A3E3"],
    ),
    (
        "Empreinte environnementale du numérique",
        "empreinte carbone",
        "Ensemble des impacts du numérique sur l'environnement, de la fabrication des "
        "équipements à leur fin de vie.",
        ["A2E1", "A3E2"],
    ),
]

# (titre, type, résumé, engagements, terme du lexique cité dans le contenu)
RESSOURCES = [
    (
        "Guide de l'achat public de matériel reconditionné",
        TypeRessource.GUIDE,
        "Définir le besoin, sourcer les reconditionneurs locaux, rédiger le marché.",
        ["A2E2", "A2E3"],
        "AGEC",
    ),
    (
        "Modèle de stratégie numérique responsable",
        TypeRessource.MODELE,
        "Trame de délibération et de stratégie, pour répondre à la loi REEN.",
        ["A3E2"],
        "REEN",
    ),
    (
        "Clause de réemploi pour les marchés informatiques",
        TypeRessource.CLAUSE,
        "Clause type imposant une part d'équipements reconditionnés et leur reprise.",
        ["A2E2", "A2E3"],
        "Reconditionnement",
    ),
    (
        "Former les agents à l'écoconception",
        TypeRessource.FORMATION,
        "Parcours de formation en trois demi-journées, avec supports réutilisables.",
        ["A1E2", "A2E1"],
        "RGESN",
    ),
    (
        "Outil de mesure de l'empreinte du parc informatique",
        TypeRessource.OUTIL,
        "Tableur pour inventorier le parc et estimer son empreinte environnementale.",
        ["A2E1"],
        "Empreinte environnementale du numérique",
    ),
    (
        "Guide d'ouverture d'un lieu de médiation numérique",
        TypeRessource.GUIDE,
        "Étapes, financements et partenaires pour ouvrir un lieu d'aide numérique.",
        ["A1E1", "A1E2"],
        "Médiation numérique",
    ),
]


def engagements(codes):
    return list(Engagement.objects.courants().filter(code__in=codes))


def index_page(home, modele, slug, titre, intro):
    return page_enfant(home, modele, slug, title=titre, intro=intro)


def collectivite(type_, code):
    return Collectivite.objects.filter(type=type_).par_identifiant(code).first()


def seed_acteurs(log):
    crees = 0
    for nom, type_, siret, insee, zone, codes, publie, description in ACTEURS:
        commune = collectivite("commune", insee)
        zone = [c for c in (collectivite(t, code) for t, code in zone) if c]
        if commune is None or not zone or Acteur.objects.filter(nom=nom).exists():
            continue
        acteur = Acteur(
            nom=nom,
            type=type_,
            siret=siret,
            commune=commune,
            description=description,
            publie=publie,
            site_web="https://exemple.invalid/" + nom.lower().split()[0],
            courriel_proposant="" if publie else "habitant@exemple.invalid",
        )
        acteur.engagements = engagements(codes)
        acteur.zones_desservies = [ActeurZone(collectivite=c) for c in zone]
        acteur.save()
        crees += 1
    log(f"Annuaire : {crees} acteur(s) de démonstration créé(s).")


def seed_lexique(lexique, log):
    termes = {}
    for titre, synonymes, definition, codes in TERMES:
        terme = Terme.objects.child_of(lexique).filter(title=titre).first()
        if terme is None:
            terme = Terme(title=titre, synonymes=synonymes, definition=f"<p>{definition}</p>")
            terme.engagements = engagements(codes)
            lexique.add_child(instance=terme)
        termes[titre] = terme
    log(f"Lexique : {len(termes)} termes.")
    return termes


def seed_ressources(boite, termes, log):
    for titre, type_, resume, codes, cite in RESSOURCES:
        if RessourcePage.objects.child_of(boite).filter(title=titre).exists():
            continue
        # A term is linked the way editors do it: the page-link chooser of rich text.
        lien = f'<a linktype="page" id="{termes[cite].pk}">{cite}</a>'
        ressource = RessourcePage(
            title=titre,
            type_ressource=type_,
            resume=resume,
            corps=f"<p>{resume}</p><p>Voir aussi dans le lexique : {lien}.</p>",
        )
        ressource.engagements = engagements(codes)
        boite.add_child(instance=ressource)
    log(f"Boîte à outils : {RessourcePage.objects.child_of(boite).count()} ressources.")


def seed(log):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site and site.root_page  # the home page (cms)
    if home is None:
        log("Pas de page d'accueil : annuaire, boîte à outils et lexique non créés.")
        return
    annuaire, boite, lexique = (index_page(home, *spec) for spec in INDEX)
    seed_acteurs(log)
    termes = seed_lexique(lexique, log)
    seed_ressources(boite, termes, log)
