// The assessment page's single form: the reason box shows only under « Non concerné », the
// rich-text editor's content goes with every submit, a double click sends the form once, and
// leaving with changes not saved asks first. Without this script the form works as well: the
// box stays visible and the server ignores it for any other answer.
(() => {
  "use strict";
  const form = document.querySelector("form[data-formulaire-evaluation]");
  if (!form) return;

  const justification = form.querySelector("[data-justification]");
  if (justification) {
    const nonConcerne = form.querySelector('input[name="reponse"][value="non_concerne"]');
    const montrer = () => {
      justification.hidden = !nonConcerne.checked;
    };
    for (const choix of form.querySelectorAll('input[name="reponse"]')) {
      choix.addEventListener("change", montrer);
    }
    montrer();
  }

  // Draftail copies its content into a hidden input 250 ms after the last keystroke: text typed
  // just before a click would be left out. Its instance hangs on that input.
  const validerEditeurs = () => {
    for (const input of form.querySelectorAll("input[type=hidden]")) {
      if (input.draftailEditor && input.draftailEditor.saveState) {
        input.draftailEditor.saveState();
      }
    }
  };

  const contenu = () => {
    validerEditeurs();
    const paires = [];
    for (const [nom, valeur] of new FormData(form)) {
      paires.push([nom, typeof valeur === "string" ? valeur : valeur.name]);
    }
    return JSON.stringify(paires);
  };

  // Taken at the first interaction, once the editors are drawn: their serialisation may differ
  // from the server's without any change. A page answered with unsaved input starts as changed.
  let reference = null;
  const noterReference = () => {
    if (reference === null) reference = contenu();
  };
  for (const type of ["focusin", "pointerdown", "keydown"]) {
    form.addEventListener(type, noterReference, { capture: true });
  }
  const nonEnregistre = () =>
    form.hasAttribute("data-non-enregistre") || (reference !== null && contenu() !== reference);

  let envoi = false;
  form.addEventListener("submit", (event) => {
    if (envoi) {
      event.preventDefault();
      return;
    }
    validerEditeurs();
    envoi = true;
    // Should the request never end (network lost), the form can be sent again.
    window.setTimeout(() => {
      envoi = false;
    }, 10000);
  });
  window.addEventListener("pageshow", () => {
    envoi = false;
  });

  window.addEventListener("beforeunload", (event) => {
    if (!envoi && nonEnregistre()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
