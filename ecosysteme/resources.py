"""Import and export of directory actors (django-import-export): one column set for the
template, the export and the import.

Spreadsheet cells arrive as numbers (Excel turns "01001" into 1001): codes are read back as text
and zero-padded. A territory is written `type:code` ("departement:01", "region:84") because an
INSEE code alone may name a région and a département.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from ecosysteme.models import Acteur, TypeActeur
from ecosysteme.siret import normaliser_siret
from manifeste.models import Collectivite, Engagement, TypeCollectivite
from manifeste.spreadsheets import texte_cellule

SEPARATEUR = ";"
LONGUEUR_CODE = {TypeCollectivite.COMMUNE: 5, TypeCollectivite.DEPARTEMENT: 2}


def code_insee(valeur, type_):
    code = texte_cellule(valeur)
    return code.zfill(LONGUEUR_CODE.get(type_, 0)) if code.isdigit() else code


class TexteWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return texte_cellule(value)


class SiretWidget(TexteWidget):
    def clean(self, value, row=None, **kwargs):
        return normaliser_siret(texte_cellule(value))


class TypeActeurWidget(widgets.Widget):
    """The code (`reconditionneur`) or the French label (`Reconditionneur / revendeur`)."""

    def clean(self, value, row=None, **kwargs):
        texte = texte_cellule(value)
        for code, libelle in TypeActeur.choices:
            if texte.casefold() in (code, str(libelle).casefold()):
                return code
        raise ValueError(
            f"type inconnu « {texte} » ; valeurs possibles : {', '.join(TypeActeur.values)}"
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class OuiNonWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "oui", "Oui", "OUI"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "non", "Non", "NON"]

    def clean(self, value, row=None, **kwargs):
        return bool(super().clean(value, row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class Memo:
    """Each resource gets its own copy of its widgets: a lookup is made once per import."""

    def memo(self, cle, calcul):
        memo = self.__dict__.setdefault("_memo", {})
        if cle not in memo:
            memo[cle] = calcul()
        return memo[cle]


class CommuneWidget(Memo, widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = code_insee(value, TypeCollectivite.COMMUNE)
        if not code:
            raise ValueError("la commune (code INSEE) est obligatoire")
        commune = self.memo(
            code,
            Collectivite.objects.filter(type=TypeCollectivite.COMMUNE, code_insee=code).first,
        )
        if commune is None:
            raise ValueError(f"aucune commune de code INSEE « {code} »")
        return commune

    def render(self, value, obj=None, **kwargs):
        return value.code_insee if value else ""


def jetons(valeur):
    texte = texte_cellule(valeur).replace(",", SEPARATEUR)
    return [jeton.strip() for jeton in texte.split(SEPARATEUR) if jeton.strip()]


class ZoneWidget(Memo, widgets.ManyToManyWidget):
    """`type:code` for each collectivity served, or a bare SIREN."""

    def __init__(self):
        super().__init__(Collectivite, separator=SEPARATEUR)

    def clean(self, value, row=None, **kwargs):
        trouvees = []
        for jeton in jetons(value):
            type_, _sep, code = jeton.rpartition(":")
            if not type_ and len(code) == 9 and code.isdigit():
                qs = Collectivite.objects.filter(siren=code)
            elif type_ in TypeCollectivite.values:
                qs = Collectivite.objects.filter(type=type_, code_insee=code_insee(code, type_))
            else:
                raise ValueError(
                    f"« {jeton} » : écrivez type:code (commune:69123, departement:01, "
                    "region:84, epci:200046977) ou un SIREN"
                )
            collectivite = self.memo(jeton, qs.first)
            if collectivite is None:
                raise ValueError(f"aucune collectivité « {jeton} »")
            trouvees.append(collectivite)
        return trouvees

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATEUR.join(f"{c.type}:{c.code_insee or c.siren}" for c in value.all())


class EngagementsWidget(Memo, widgets.ManyToManyWidget):
    """Codes of the current referential's engagements (`A2E2;A2E3`)."""

    def __init__(self):
        super().__init__(Engagement, separator=SEPARATEUR, field="code")

    def clean(self, value, row=None, **kwargs):
        codes = [code.upper() for code in jetons(value)]
        courants = self.memo("courants", lambda: {e.code: e for e in Engagement.objects.courants()})
        engagements = [courants[code] for code in codes if code in courants]
        inconnus = sorted(set(codes) - {e.code for e in engagements})
        if inconnus:
            raise ValueError(f"engagement(s) inconnu(s) : {', '.join(inconnus)}")
        return engagements


def champ(attribut, colonne, widget=None, **kwargs):
    return fields.Field(
        attribute=attribut, column_name=colonne, widget=widget or TexteWidget(), **kwargs
    )


class ActeurResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget())
    nom = champ("nom", "nom")
    type = champ("type", "type", TypeActeurWidget())
    description = champ("description", "description")
    siret = champ("siret", "siret", SiretWidget())
    adresse = champ("adresse", "adresse")
    commune = champ("commune", "commune", CommuneWidget())
    zone = champ("zone", "territoire_desservi", ZoneWidget())
    engagements = champ("engagements", "engagements", EngagementsWidget())
    courriel = champ("courriel", "courriel")
    telephone = champ("telephone", "telephone")
    site_web = champ("site_web", "site_web")
    labels = champ("labels", "labels")
    publie = champ("publie", "publie", OuiNonWidget())

    class Meta:
        model = Acteur
        fields = (
            "id",
            "nom",
            "type",
            "description",
            "siret",
            "adresse",
            "commune",
            "zone",
            "engagements",
            "courriel",
            "telephone",
            "site_web",
            "labels",
            "publie",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def get_queryset(self):
        return (
            Acteur.objects.select_related("commune")
            .prefetch_related("zone", "engagements")
            .order_by("nom")
        )

    def import_instance(self, instance, row, **kwargs):
        """Check the many-to-many cells too, so that their errors name their column."""
        erreurs = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            erreurs = e.update_error_dict(erreurs)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as e:
                    erreurs[field.attribute] = [ValidationError(str(e), code="invalid")]
        if erreurs:
            raise ValidationError(erreurs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # Engagements are a modelcluster relation: set() is only held in memory until commit.
        instance.engagements.commit()
        if not instance.zone.exists():  # an empty area means the actor's own commune
            instance.zone.set([instance.commune])
