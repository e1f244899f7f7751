// The admin's banner while publications reach the public pages (publication.wagtail_hooks):
// shown once a publication waits for its task, then the time the pages were brought up to
// date. Asks every two seconds while it waits, never otherwise.
(() => {
  const script = document.currentScript;
  const { url, enCours, aJour } = script.dataset;
  let region = null;

  function afficher(texte) {
    if (!region) {
      region = document.createElement("p");
      region.className = "diffusion-etat";
      region.setAttribute("role", "status");
      region.style.cssText =
        "margin:0;padding:.5rem 1rem;border-bottom:1px solid #8a8a8a;background:#f4f4f4;color:#1f1f1f";
      (document.querySelector("main") || document.body).prepend(region);
    }
    region.textContent = texte;
  }

  async function demander(attendait) {
    let etat;
    try {
      const reponse = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      etat = await reponse.json();
    } catch {
      return; // offline or restarting: the next page asks again
    }
    if (etat.en_cours) {
      afficher(enCours);
      setTimeout(() => demander(true), 2000);
    } else if (attendait && etat.mis_a_jour) {
      const heure = new Date(etat.mis_a_jour).toLocaleTimeString(document.documentElement.lang, {
        hour: "2-digit",
        minute: "2-digit",
      });
      afficher(aJour.replace("%s", heure));
    }
  }

  document.addEventListener("DOMContentLoaded", () => demander(false));
})();
