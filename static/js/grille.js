// The entry grid as a spreadsheet: the keys move from cell to cell, a block pasted from a
// spreadsheet fills the cells from the focused one, and each line saves itself once left.
// Without this script the grid is a plain form saved by its button, and stays so: the lines
// are posted to the same URL, which answers them rendered again (errors, conflicts, versions).
(function () {
  "use strict";

  const form = document.querySelector("form[data-grille]");
  if (!form) return;
  const textes = form.dataset;
  const annonce = form.querySelector("[data-grille-annonce]");
  const suivis = new Map(); // line code → {generation: edits so far, modifiee: edited since saved}
  let file = Promise.resolve(); // saves go one after the other: each sends the versions the last one got
  let soumis = false;
  let colonneDepart = null; // where a run of Tab started: Enter goes down to it, as in a spreadsheet

  document.querySelector("[data-grille-mode-emploi]").hidden = false;

  const lignes = () => Array.from(form.querySelectorAll("tr[data-ligne]"));
  const ligneDe = (element) => element.closest("tr[data-ligne]");
  const cellules = (tr) => Array.from(tr.querySelectorAll("[data-colonne]"));
  const colonneDe = (champ) => Number(champ.dataset.colonne);
  const suivi = (code) => {
    if (!suivis.has(code)) suivis.set(code, { generation: 0, modifiee: false });
    return suivis.get(code);
  };

  function dire(code, texte, etat) {
    const statut = document.getElementById(code + "__etat");
    statut.dataset.etat = etat;
    if (statut.textContent !== texte) statut.textContent = texte;
  }

  function marquer(champ) {
    const tr = ligneDe(champ);
    const s = suivi(tr.dataset.ligne);
    s.generation += 1;
    s.modifiee = true;
    champ.closest("td").classList.add("grille-modifiee");
    dire(tr.dataset.ligne, textes.texteModifie, "modifie");
  }

  // --- Saving ---------------------------------------------------------------------------

  function donneesDe(codes) {
    const donnees = new FormData();
    donnees.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    donnees.append("autosave", "1");
    for (const code of codes) {
      for (const champ of document.getElementById("ligne-" + code).querySelectorAll("input, select, textarea")) {
        if (!champ.name || ((champ.type === "checkbox" || champ.type === "radio") && !champ.checked)) continue;
        donnees.append(champ.name, champ.value);
      }
    }
    return donnees;
  }

  function remplacer(ancienne, nouvelle, envoyee) {
    // The status stays the same element: a live region replaced would not be read out.
    const statut = ancienne.querySelector(".grille-etat");
    const statutNouveau = nouvelle.querySelector(".grille-etat");
    const focus = ancienne.contains(document.activeElement) ? document.activeElement.id : null;
    statutNouveau.replaceWith(statut);
    ancienne.replaceWith(nouvelle);
    if (envoyee) {
      statut.dataset.etat = statutNouveau.dataset.etat;
      if (statut.textContent !== statutNouveau.textContent) statut.textContent = statutNouveau.textContent;
    }
    if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
  }

  function appliquer(html, generations) {
    const modele = document.createElement("template");
    modele.innerHTML = html;
    for (const nouvelle of modele.content.querySelectorAll("tr[data-ligne]")) {
      const code = nouvelle.dataset.ligne;
      const ancienne = document.getElementById("ligne-" + code);
      const s = suivi(code);
      if (!ancienne) continue;
      if (!(code in generations)) {
        // A line the save may have pre-filled: refreshed unless someone is working on it.
        if (!s.modifiee && !ancienne.contains(document.activeElement)) remplacer(ancienne, nouvelle, false);
      } else if (s.generation === generations[code] || nouvelle.dataset.resultat === "conflit") {
        s.modifiee = false;
        remplacer(ancienne, nouvelle, true);
      } else {
        // Typed into meanwhile: keep the typing, take the versions the save left, save again.
        for (const cache of nouvelle.querySelectorAll("input[type=hidden]")) {
          const mien = ancienne.querySelector(`input[type=hidden][name="${cache.name}"]`);
          if (mien) mien.value = cache.value;
        }
        if (!ancienne.contains(document.activeElement)) enregistrer([code]);
      }
    }
  }

  async function envoyer(codes) {
    codes = codes.filter((code) => suivi(code).modifiee && document.getElementById("ligne-" + code));
    if (!codes.length) return;
    const generations = {};
    for (const code of codes) {
      generations[code] = suivi(code).generation;
      dire(code, textes.texteEnvoi, "envoi");
    }
    const echec = (texte) => codes.forEach((code) => dire(code, texte, "erreur"));
    let reponse;
    try {
      reponse = await fetch(window.location.href, {
        method: "POST",
        body: donneesDe(codes),
        credentials: "same-origin",
        redirect: "manual", // a lost session or right redirects: it must not read as a success
      });
    } catch (erreur) {
      echec(textes.textePanne);
      return;
    }
    if (reponse.type === "opaqueredirect" || reponse.status === 403) {
      echec(textes.texteSession);
    } else if (!reponse.ok) {
      echec(textes.textePanne);
    } else {
      appliquer(await reponse.text(), generations);
    }
  }

  function enregistrer(codes) {
    file = file.then(() => envoyer(codes));
    return file;
  }

  form.addEventListener("input", (evenement) => {
    if (ligneDe(evenement.target) && evenement.target.type !== "checkbox" && evenement.target.type !== "radio") {
      marquer(evenement.target);
    }
  });

  form.addEventListener("change", (evenement) => {
    const champ = evenement.target;
    const tr = ligneDe(champ);
    if (!tr) return;
    if (champ.type === "checkbox" || champ.type === "radio") {
      marquer(champ); // an explicit choice (delete, mine or theirs): saved at once
      enregistrer([tr.dataset.ligne]);
    } else if (!tr.contains(document.activeElement)) {
      enregistrer([tr.dataset.ligne]);
    }
  });

  form.addEventListener("focusout", (evenement) => {
    const tr = ligneDe(evenement.target);
    if (!tr || (evenement.relatedTarget && tr.contains(evenement.relatedTarget))) return;
    if (suivi(tr.dataset.ligne).modifiee) enregistrer([tr.dataset.ligne]);
  });

  form.addEventListener("submit", () => {
    soumis = true;
  });

  window.addEventListener("beforeunload", (evenement) => {
    const enCours = form.querySelector(
      ".grille-etat:is([data-etat=modifie], [data-etat=envoi], [data-etat=erreur], [data-etat=conflit])",
    );
    if (enCours && !soumis) {
      evenement.preventDefault();
      evenement.returnValue = textes.texteQuitter;
    }
  });

  // --- Keyboard -------------------------------------------------------------------------

  function auBord(champ, fin) {
    if (champ.tagName === "SELECT") return true;
    const { selectionStart: debut, selectionEnd: finSelection, value } = champ;
    if (debut === 0 && finSelection === value.length) return true; // the whole cell selected
    return fin ? debut === value.length : finSelection === 0;
  }

  function voisine(tr, sens, colonne) {
    const toutes = lignes();
    for (let i = toutes.indexOf(tr) + sens; i >= 0 && i < toutes.length; i += sens) {
      const candidates = cellules(toutes[i]);
      if (candidates.length) {
        return candidates.filter((c) => colonneDe(c) <= colonne).pop() || candidates[0];
      }
    }
    return null;
  }

  form.addEventListener("keydown", (evenement) => {
    const champ = evenement.target;
    if (!champ.matches("[data-colonne]") || evenement.altKey || evenement.ctrlKey || evenement.metaKey) return;
    const tr = ligneDe(champ);
    const colonne = colonneDe(champ);
    let cible;
    switch (evenement.key) {
      case "Tab":
        if (colonneDepart === null) colonneDepart = colonne;
        return;
      case "Enter":
        evenement.preventDefault(); // each line saves itself: Enter moves on, as in a spreadsheet
        cible = voisine(tr, evenement.shiftKey ? -1 : 1, colonneDepart ?? colonne);
        break;
      case "ArrowDown":
      case "ArrowUp":
        cible = voisine(tr, evenement.key === "ArrowDown" ? 1 : -1, colonne);
        break;
      case "ArrowLeft":
        if (!auBord(champ, false)) return;
        cible = cellules(tr).filter((c) => colonneDe(c) < colonne).pop();
        break;
      case "ArrowRight":
        if (!auBord(champ, true)) return;
        cible = cellules(tr).find((c) => colonneDe(c) > colonne);
        break;
      default:
        return;
    }
    colonneDepart = null;
    if (!cible) return;
    evenement.preventDefault();
    cible.focus();
    if (cible.select) cible.select();
  });

  form.addEventListener("pointerdown", () => {
    colonneDepart = null;
  });

  // --- Paste ----------------------------------------------------------------------------

  // Rows of cells of text copied from Excel or LibreOffice: tabs between cells, a line per row,
  // a cell holding a tab, a line break or quotes is quoted ("a ""b"" c").
  function lireBloc(texte) {
    const bloc = [[]];
    let cellule = "";
    let guillemets = false;
    texte = texte.replace(/\r\n?/g, "\n").replace(/\n$/, "");
    for (let i = 0; i < texte.length; i += 1) {
      const c = texte[i];
      if (guillemets) {
        if (c === '"' && texte[i + 1] === '"') {
          cellule += '"';
          i += 1;
        } else if (c === '"') {
          guillemets = false;
        } else {
          cellule += c;
        }
      } else if (c === '"' && cellule === "") {
        guillemets = true;
      } else if (c === "\t" || c === "\n") {
        bloc[bloc.length - 1].push(cellule);
        cellule = "";
        if (c === "\n") bloc.push([]);
      } else {
        cellule += c;
      }
    }
    bloc[bloc.length - 1].push(cellule);
    return bloc;
  }

  const OUI = ["oui", "o", "vrai", "yes", "y", "true", "1"];
  const NON = ["non", "n", "faux", "no", "false", "0"];

  function ecrire(champ, valeur) {
    if (champ.tagName === "SELECT") {
      const texte = valeur.trim().toLowerCase();
      const choix = OUI.includes(texte) ? "oui" : NON.includes(texte) ? "non" : texte === "" ? "" : null;
      if (choix === null) return false;
      champ.value = choix;
    } else {
      champ.value = valeur.trim();
    }
    marquer(champ);
    return true;
  }

  form.addEventListener("paste", (evenement) => {
    const champ = evenement.target;
    if (!champ.matches("[data-colonne]")) return;
    const texte = (evenement.clipboardData && evenement.clipboardData.getData("text/plain")) || "";
    if (!/[\t\n]/.test(texte.replace(/[\r\n]+$/, ""))) return; // one value: pasted as usual
    evenement.preventDefault();
    const toutes = lignes();
    const depart = toutes.indexOf(ligneDe(champ));
    const colonne = colonneDe(champ);
    const touchees = new Set();
    let ignorees = 0;
    lireBloc(texte).forEach((valeurs, i) => {
      const tr = toutes[depart + i];
      valeurs.forEach((valeur, j) => {
        const cible = tr && tr.querySelector(`[data-colonne="${colonne + j}"]`);
        if (cible && ecrire(cible, valeur)) {
          touchees.add(tr.dataset.ligne);
        } else if (valeur.trim()) {
          ignorees += 1;
        }
      });
    });
    annonce.textContent = ignorees ? textes.texteHorsGrille.replace("%(n)s", ignorees) : "";
    enregistrer([...touchees]);
  });
})();
