"""The officer's workspace: « Mes collectivités », editing one engagement, moving it along."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from acces.permissions import a_action_nationale, actions_pour, membres_pour, peut
from acces.roles import Action
from manifeste.models import Engagement

from .. import services
from ..forms import (
    ActionFormSet,
    EvaluationForm,
    PreuveFormSet,
    ReouvertureForm,
    RevueForm,
    TransitionForm,
)
from ..history import historique
from ..listings import bilans, collectivites_membre
from ..models import Campagne, Evaluation, Preuve
from ..queries import texte_narratif
from ..reponse import libelle_reponse
from ..validation import (
    RegleEnfreinte,
    avertissements_evaluation,
    manques_avant_soumission,
    verifier_edition,
)
from ..workflow import LIBELLES_ACTION, EtatPublication, TransitionRefusee
from .access import collectivite_ou_404, evaluation_ou_404


def campagne_demandee(request):
    """The campaign asked for (?annee=), else the open one, else the latest."""
    annee = request.GET.get("annee")
    if annee:
        if not annee.isdigit():
            raise Http404
        return get_object_or_404(Campagne, annee=int(annee))
    return services.campagne_courante()


def mes_collectivites(request):
    user = request.user
    campagne = campagne_demandee(request)
    a_valider = request.GET.get("a_valider") == "1"
    demandee = request.GET.get("collectivite")
    if demandee:
        # A national user opens one signatory from the national list.
        collectivites = [collectivite_ou_404(user, demandee if demandee.isdigit() else 0)]
    else:
        collectivites = collectivites_membre(user, Action.VALIDER if a_valider else Action.VOIR)
    resultats = []
    if campagne is not None:
        for b in bilans(collectivites, campagne):
            collectivite = b.collectivite
            if a_valider:
                b.lignes = [
                    ligne for ligne in b.lignes if ligne.etat_publication == EtatPublication.SOUMIS
                ]
            actions = actions_pour(user, collectivite)
            b.peut_modifier = Action.MODIFIER in actions
            b.peut_inviter = Action.INVITER in actions
            b.modifiable = services.campagne_modifiable(campagne, collectivite)
            b.peut_reporter = (
                b.peut_modifier
                and b.modifiable
                and not any(ligne.evaluation for ligne in b.lignes)
                and services.campagne_precedente(campagne) is not None
            )
            b.peut_rouvrir = Action.ROUVRIR in actions and not campagne.est_ouverte(
                services.aujourd_hui()
            )
            resultats.append(b)
    return TemplateResponse(
        request,
        "commitments/mes_collectivites.html",
        {
            "campagne": campagne,
            "campagnes": Campagne.objects.all(),
            "bilans": resultats,
            "a_valider": a_valider,
            "est_national": a_action_nationale(user, Action.VOIR),
            "reouverture_form": ReouvertureForm(),
        },
    )


def evaluation(request, collectivite_id, annee, code):
    """One form: the content and, through the button clicked, a workflow action.

    The action runs after the content is saved, in the same transaction: both happen or
    neither, and a refusal shows its reason above what was typed, kept in the form.
    """
    user = request.user
    collectivite = collectivite_ou_404(user, collectivite_id)
    campagne = get_object_or_404(Campagne, annee=annee)
    instance = (
        Evaluation.objects.filter(
            collectivite=collectivite, campagne=campagne, engagement__code=code
        )
        .select_related("engagement__ambition", "correction")
        .first()
    )
    if instance is None:
        engagement = get_object_or_404(Engagement.objects.courants(), code=code)
        instance = Evaluation(collectivite=collectivite, campagne=campagne, engagement=engagement)
    publiee = None
    if instance.publiee_a_la_lecture:
        publiee = {
            **instance.contenu(),
            "reponse": libelle_reponse(instance.etat, instance.niveau),
            "narratif": texte_narratif(instance.narratif),
        }
    correction = instance.correction_en_attente if instance.pk else None
    if correction is not None:
        # The form edits the pending content; the published one is shown beside it.
        for champ, valeur in correction.contenu().items():
            setattr(instance, champ, valeur)

    peut_modifier = peut(user, collectivite, Action.MODIFIER)
    raison = None
    try:
        verifier_edition(
            instance.etat_en_cours,
            campagne.est_ouverte(services.aujourd_hui()),
            services.est_reouverte(campagne, collectivite),
        )
    except RegleEnfreinte as exc:
        raison = exc.message
    modifiable = peut_modifier and raison is None

    non_enregistre = False
    if request.method == "POST":
        if not peut_modifier:
            raise PermissionDenied
        vers = request.POST.get("vers", "")
        # Disabled fields are not posted: content comes only from a form rendered editable.
        contenu = any(nom in request.POST for nom in EvaluationForm.base_fields)
        form = EvaluationForm(request.POST, request.FILES, instance=instance)
        actions = ActionFormSet(request.POST, instance=instance, prefix="actions")
        preuves = PreuveFormSet(request.POST, instance=instance, prefix="preuves")
        transition_form = TransitionForm(request.POST)
        transition_form.is_valid()
        commentaire = transition_form.cleaned_data.get("commentaire", "")
        deja = vers and instance.etat_en_cours == vers
        if deja and not (contenu and _modifie(form, actions, preuves)):
            # The same request again (a double click, a resent form): already done.
            messages.info(request, _("Déjà fait : le statut est « %(etat)s ».") % _etat(vers))
            return redirect(request.path)
        if contenu and raison:
            erreur = raison
        elif contenu and not (form.is_valid() and actions.is_valid() and preuves.is_valid()):
            erreur = _("L'évaluation n'a pas été enregistrée : %(erreurs)s") % {
                "erreurs": _resume_erreurs(form, actions, preuves)
            }
        elif not contenu and (not vers or instance.pk is None):
            erreur = raison or _("Rien à enregistrer.")
        else:
            erreur = _enregistrer_et_avancer(
                instance, form if contenu else None, actions, preuves, user, vers, commentaire
            )
            if erreur is None:
                messages.success(request, _succes(contenu, vers))
                return redirect(request.path)
        if vers:
            erreur = _("« %(action)s » n'a pas été fait : %(raison)s") % {
                "action": _libelle_transition(vers),
                "raison": erreur,
            }
        if contenu:
            erreur = " ".join([erreur, _("Vos saisies sont conservées ci-dessous.")])
        messages.error(request, erreur)
        non_enregistre = contenu
    else:
        form = EvaluationForm(instance=instance)
        actions = ActionFormSet(instance=instance, prefix="actions")
        preuves = PreuveFormSet(instance=instance, prefix="preuves")
        transition_form = TransitionForm()

    if not modifiable and not non_enregistre:
        for champ in form.fields.values():
            champ.disabled = True

    nb_preuves = instance.preuves.count() if instance.pk else 0
    transitions = services.transitions_offertes(instance, user)
    if EtatPublication.RENVOYE not in transitions:
        commentaire = transition_form.fields["commentaire"]
        commentaire.label, commentaire.help_text = _("Un mot pour le valideur (facultatif)"), ""
    return TemplateResponse(
        request,
        "commitments/evaluation.html",
        {
            "collectivite": collectivite,
            "campagne": campagne,
            "evaluation": instance,
            "engagement": instance.engagement,
            "form": form,
            "actions_formset": actions,
            "preuves_formset": preuves,
            "options_reponse": form.options_reponse(),
            "modifiable": modifiable,
            "non_enregistre": non_enregistre,
            "raison": raison if peut_modifier else None,
            "avertissements": avertissements_evaluation(instance.etat, instance.niveau, nb_preuves),
            "manques": _manques(instance, form) if EtatPublication.SOUMIS in transitions else [],
            "transitions": [(vers, LIBELLES_ACTION[vers]) for vers in transitions],
            "transition_form": transition_form,
            "renvoi": services.dernier_renvoi(instance),
            "quatre_yeux": _quatre_yeux(instance, user),
            "peut_revoir": instance.pk and peut(user, collectivite, Action.REVOIR),
            "revue_form": RevueForm(initial={"commentaire": instance.revu_commentaire}),
            "publiee": publiee,
            "correction": correction,
            "historique": historique(instance),
        },
    )


def _manques(evaluation, form):
    """What submitting still needs, each with the anchor of the field to fill."""
    ancres = {
        "reponse": "reponse",
        "justification": form["justification"].id_for_label,
        "narratif": form.id_label_narratif,
    }
    return [
        {"message": c.message, "ancre": ancres.get(c.champ, "")}
        for c in manques_avant_soumission(
            evaluation.etat, evaluation.narratif, evaluation.justification
        )
    ]


def _quatre_yeux(evaluation, user):
    """What the four-eyes rule means here: whether this user submitted what waits (so someone
    else validates it), and the collectivity's only validator, if it has just one."""
    if not evaluation.campagne.quatre_yeux:
        return None
    valideurs = list(membres_pour(evaluation.collectivite, Action.VALIDER)[:2])
    attend = evaluation.pk and evaluation.etat_en_cours in (
        EtatPublication.SOUMIS,
        EtatPublication.VALIDE,
    )
    return {
        "auteur": attend and services.soumis_par_id(evaluation) == user.pk,
        "seul_valideur": valideurs[0] if len(valideurs) == 1 else None,
        "aucun_valideur": not valideurs,
    }


def _resume_erreurs(form, actions, preuves):
    """Every refusal, named by its field (and row, in the tables), for the message on top."""
    resume = []
    for titre, formulaires in ((None, [form]), (_("Actions"), actions), (_("Preuves"), preuves)):
        for ligne, formulaire in enumerate(formulaires, start=1):
            for nom, erreurs in formulaire.errors.items():
                champ = formulaire.fields[nom].label if nom in formulaire.fields else None
                lieu = champ or _("Formulaire")
                if titre:
                    lieu = _("%(table)s, ligne %(n)s, %(champ)s") % {
                        "table": titre,
                        "n": ligne,
                        "champ": str(lieu).lower(),
                    }
                resume.append(f"{lieu} : {' '.join(erreurs)}")
    for formset in (actions, preuves):
        resume.extend(formset.non_form_errors())
    return " ; ".join(resume) or _("corrigez les erreurs.")


def _modifie(form, actions, preuves):
    return form.has_changed() or actions.has_changed() or preuves.has_changed()


def _etat(vers):
    try:
        return {"etat": EtatPublication(vers).label}
    except ValueError:
        return {"etat": vers}


def _libelle_transition(vers):
    try:
        return LIBELLES_ACTION[EtatPublication(vers)]
    except ValueError:
        return vers


def _succes(contenu, vers):
    if contenu and vers:
        return _("Évaluation enregistrée ; statut : « %(etat)s ».") % _etat(vers)
    if vers:
        return _("Statut : « %(etat)s ».") % _etat(vers)
    return _("Évaluation enregistrée.")


def _enregistrer_et_avancer(instance, form, actions, preuves, user, vers, commentaire):
    """Save the content (if `form`), then move to `vers` (if any): all or nothing.

    Returns the reason of a refusal, or None.
    """
    try:
        with transaction.atomic():
            if form is not None:
                instance = _enregistrer(form, actions, preuves, user)
            if vers:
                services.changer_etat(instance, vers, user, commentaire)
            if form is not None:
                _joindre_document(form, instance, user)
    except (TransitionRefusee, RegleEnfreinte) as exc:
        return exc.message if isinstance(exc, RegleEnfreinte) else str(exc)
    except ValueError:
        return _("Action inconnue.")
    return None


def _enregistrer(form, actions, preuves, user):
    evaluation = form.save(commit=False)
    publiee = evaluation.publiee_a_la_lecture
    if not publiee:
        evaluation = services.enregistrer_contenu(evaluation, user)
    actions.instance = preuves.instance = evaluation
    actions.save()
    preuves.save()
    if publiee:
        # Evidence added to a published assessment is public only with its correction.
        Preuve.objects.filter(pk__in=[p.pk for p in preuves.new_objects]).update(
            avec_correction=True
        )
        evaluation = services.enregistrer_contenu(
            evaluation, user, preuve_ajoutee=bool(form.cleaned_data.get("fichier"))
        )
    return evaluation


def _joindre_document(form, evaluation, user):
    """Stored last, once nothing can refuse the request any more."""
    fichier = form.cleaned_data.get("fichier")
    if fichier:
        Document = get_document_model()
        document = Document(title=form.cleaned_data["fichier_libelle"], file=fichier)
        document.uploaded_by_user = user
        document._set_document_file_metadata()
        document.save()
        evaluation.preuves.create(
            libelle=document.title,
            document=document,
            publique=form.cleaned_data["fichier_public"],
            avec_correction=evaluation.etat_publication == EtatPublication.PUBLIE,
        )


@require_POST
def transition(request, pk):
    """A workflow action alone (no content), for clients other than the assessment page."""
    evaluation = evaluation_ou_404(request.user, pk)
    if not peut(request.user, evaluation.collectivite, Action.MODIFIER):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    form.is_valid()
    vers = request.POST.get("vers", "")
    erreur = _enregistrer_et_avancer(
        evaluation, None, None, None, request.user, vers, form.cleaned_data.get("commentaire", "")
    )
    if erreur:
        messages.error(request, erreur)
    else:
        messages.success(request, _succes(False, vers))
    return redirect(_url(evaluation))


@require_POST
def revue(request, pk):
    evaluation = evaluation_ou_404(request.user, pk)
    form = RevueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Le commentaire de revue est obligatoire."))
    else:
        services.revoir(evaluation, request.user, form.cleaned_data["commentaire"])
        messages.success(request, _("Évaluation marquée « revue »."))
    return redirect(_url(evaluation))


@require_POST
def reporter(request, collectivite_id, annee):
    collectivite = collectivite_ou_404(request.user, collectivite_id, Action.MODIFIER)
    campagne = get_object_or_404(Campagne, annee=annee)
    try:
        services.verifier_modifiable(campagne, collectivite)
    except RegleEnfreinte as exc:
        messages.error(request, exc.message)
    else:
        creees = services.reporter(collectivite, campagne, request.user)
        messages.success(
            request,
            _("%(n)s évaluations reprises de l'an dernier, à revoir.") % {"n": len(creees)},
        )
    return redirect(reverse("commitments_mes_collectivites") + f"?annee={annee}")


@require_POST
def rouvrir(request, collectivite_id, annee):
    collectivite = collectivite_ou_404(request.user, collectivite_id, Action.ROUVRIR)
    campagne = get_object_or_404(Campagne, annee=annee)
    form = ReouvertureForm(request.POST)
    if form.is_valid():
        services.rouvrir(campagne, collectivite, request.user, **form.cleaned_data)
        messages.success(request, _("Campagne rouverte pour %(c)s.") % {"c": collectivite.nom})
    else:
        messages.error(request, _("Indiquez jusqu'à quelle date rouvrir."))
    return redirect(
        reverse("commitments_mes_collectivites") + f"?annee={annee}&collectivite={collectivite.pk}"
    )


def _url(evaluation):
    return reverse(
        "commitments_evaluation",
        args=[evaluation.collectivite_id, evaluation.campagne.annee, evaluation.engagement.code],
    )
