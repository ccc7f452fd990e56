//! The bytes of a text source turned into text as its author wrote it: the encoding found
//! (a byte order mark, UTF-8, else the single-byte code page chardetng guesses), UTF-8
//! read twice as Windows-1252 (`Ã©`) repaired, and letters lost on the way (`D�lib�ration`,
//! `v?u`) restored only when one word of the vocabulary fits. Each repair is reported;
//! what a document's words mean is `recognize`'s business.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::collections::HashSet;

/// A decoded text and what was done to it.
#[derive(Debug, Default)]
pub struct Decoded {
    pub text: String,
    /// The encoding read, when it was not plain UTF-8: "UTF-16LE", "windows-1252".
    pub encoding: Option<&'static str>,
    /// Repairs made, in French, one line each.
    pub repairs: Vec<String>,
    /// Words with a lost letter that could not be restored for certain.
    pub unrepaired: Vec<String>,
}

/// Decodes the bytes of a text file.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = to_text(bytes);
    let mut decoded = Decoded {
        text,
        encoding,
        ..Decoded::default()
    };
    repair_double_encoding(&mut decoded);
    restore_lost_letters(&mut decoded);
    decoded
}

/// Finds the encoding and decodes.
fn to_text(bytes: &[u8]) -> (String, Option<&'static str>) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = (encoding != UTF_8).then(|| encoding.name());
        return (text.into_owned(), name);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    // UTF-16 without a mark: many zero bytes at odd or even places.
    let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if bytes.len() >= 4 && (zeros_odd.max(zeros_even) * 3 > bytes.len() / 2) {
        let encoding = if zeros_odd > zeros_even {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), Some(encoding.name()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut encoding = detector.guess(Some(b"fr"), chardetng::Utf8Detection::Deny);
    // ISO-8859-1 is read as Windows-1252 by every browser; chardetng answers the latter
    // for French text, but stay on the superset whatever it says of a Western text.
    if encoding.name() == "ISO-8859-1" {
        encoding = WINDOWS_1252;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), Some(encoding.name()))
}

/// Whether a character can be part of a double-encoded sequence: what Windows-1252 shows
/// for the bytes 0x80–0xFF.
fn is_high_1252(c: char) -> bool {
    let mut buffer = [0u8; 4];
    let s = c.encode_utf8(&mut buffer);
    if c.is_ascii() {
        return false;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    !unmappable && bytes.len() == 1
}

/// UTF-8 that was read as Windows-1252 and written again as UTF-8 (`dÃ©libÃ©ration`):
/// each run of such characters whose Windows-1252 bytes are valid UTF-8 is replaced.
fn repair_double_encoding(decoded: &mut Decoded) {
    let text = &decoded.text;
    if !text
        .chars()
        .any(|c| matches!(c, 'Ã' | 'Â' | 'â' | 'Å' | 'Ê' | 'Ë'))
    {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut count = 0usize;
    let flush = |run: &mut String, out: &mut String, count: &mut usize| {
        if run.is_empty() {
            return;
        }
        let (bytes, _, unmappable) = WINDOWS_1252.encode(run);
        match (!unmappable)
            .then(|| std::str::from_utf8(&bytes).ok())
            .flatten()
        {
            Some(fixed) if fixed != run.as_str() => {
                out.push_str(fixed);
                *count += 1;
            }
            _ => out.push_str(run),
        }
        run.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if is_high_1252(c) {
            run.push(c);
        } else if c == ' ' && run.ends_with('Ã') {
            // "à" is C3 A0: its second byte, a no-break space, often came back as a
            // space (then followed by the real one) or merged with it.
            run.pop();
            flush(&mut run, &mut out, &mut count);
            out.push('à');
            count += 1;
            if !chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
                out.push(' ');
            }
        } else {
            flush(&mut run, &mut out, &mut count);
            out.push(c);
        }
    }
    flush(&mut run, &mut out, &mut count);
    if count > 0 {
        decoded.repairs.push(format!(
            "texte encodé deux fois (« Ã© » pour « é ») : {} passage{} réparé{}",
            count,
            if count > 1 { "s" } else { "" },
            if count > 1 { "s" } else { "" }
        ));
        decoded.text = out;
    }
}

/// The letters a lost character may have been: what a code page without them drops.
const LOST_CANDIDATES: &[char] = &[
    'é', 'è', 'ê', 'ë', 'à', 'â', 'ä', 'ç', 'î', 'ï', 'ô', 'ö', 'û', 'ù', 'ü', 'œ', 'æ', 'É', 'È',
    'Ê', 'À', 'Â', 'Ç', 'Î', 'Ô', 'Û', 'Œ', '’',
];

/// Words of council texts that carry a letter a code page may lose. A damaged word is
/// restored only when exactly one word of this list (or of the text itself, where the
/// same word is written whole) fits it.
const VOCABULARY: &str = "vœu vœux œuvre œuvres mœurs cœur sœur nœud manœuvre \
    délibération délibérations considérant considérants élu élue élus élues élu·es élu·e·s \
    séance séances conseil conseillère conseillères conseillers exécutif l’exécutif \
    émet émettent émis adopté adoptée adoptés rejeté rejetée retiré retirée déposé déposée \
    présenté présentée proposé proposée modifié modifiés modifiée rédigé rédigée \
    arrêté arrêtés décret décrets préfet préfète préfecture état l’état sénat député \
    députée ministère métropole région départemental départementale général générale \
    municipal municipale régional régionale communauté commission commissions \
    à où là déjà voilà être été même mêmes très après près auprès dès lès ça \
    première premières deuxième troisième dernière dernières prochaine année années \
    février août décembre été hiver \
    égalité égalités écologie écologique écologistes économie économique éducation \
    école écoles collège collèges lycée lycées université étudiant étudiants étudiante \
    étudiantes crèche crèches santé sécurité société solidarité précarité propreté \
    qualité quantité activité activités accessibilité mobilité mobilités électricité \
    énergie énergies énergétique rénovation réhabilitation végétalisation végétal \
    végétale végétaux espèce espèces forêt forêts arbre rivière création créations \
    développement aménagement aménagements équipement équipements réseau réseaux \
    système systèmes problème problèmes thème thèmes critère critères matière \
    intérêt intérêts caractère élément éléments évaluation évènement événement \
    événements évènements expérience expérimentation réponse réponses réalité \
    réalisé réalisée réaliser réalisation réduction réduire répartition réunion \
    réunions référence références règlement règlements règle règles réglementation \
    sécurisation gérée géré gérer gestion périmètre périmètres intégration intégré \
    bénéficiaire bénéficiaires bénéficier médecin médecins médical médicale hôpital \
    hôpitaux hébergement hébergements élevé élevée élevés élaboration étude études \
    étape étapes étendre étendu étendue état-major évidemment également préalable \
    préalablement présence présent présente présenter présidence président présidente \
    prévention prévenir prévu prévue prévus prévoir privilégier procédure procédures \
    propriété propriétés protégé protégée qualifié réel réelle réels rôle contrôle \
    contrôles côté côtés hôtel hôtel-de-ville l’hôtel théâtre théâtres bâtiment \
    bâtiments bâti château fête fêtes tête enquête enquêtes intérêt forêt août \
    maîtrise maître maîtresse connaître reconnaître paraître île îles dîner \
    public publique publiques généralité généralement français française françaises \
    européen européenne européennes ambiguïté laïcité laïque naïf naïve héroïne \
    données personnelles démocratie démocratique démocratiques citoyen citoyenne \
    citoyens citoyennes lutte contre pollution qualité l’air eaux pluviales \
    déchets recyclage propreté vélo vélos piéton piétons piétonne piétonnes piétonnisation \
    sûreté sûr sûre dû due dûment goût coût coûts août voûte croûte \
    réservé réservée réservés réservées répondre représentant représentante représentants \
    représentation déléguée délégué délégués adjointe adjoint adjoints maire mairie \
    mairies arrondissement arrondissements préoccupation préoccupations nécessaire \
    nécessaires nécessité nécessités générations génération dépôt dépôts dépense \
    dépenses recette recettes crédit crédits budgétaire budgétaires \
    d’être qu’à jusqu’à aujourd’hui lorsqu’à \
    baissé baissée augmenté augmentée diminué diminuée créé créée créés créées \
    proposé décidé décidée demandé demandée engagé engagée lancé lancée voté votée \
    signalé signalée constaté constatée prévues réalisés utilisé utilisée installé \
    installée fermé fermée ouvert ouverte transformé transformée accordé accordée \
    déjà-là éclairage éclairé éclairée équipé équipée rénové rénovée étendue";

/// Characters a damaged word uses for a lost letter.
fn is_lost(c: char) -> bool {
    c == '\u{FFFD}' || c == '?'
}

/// Restores the letters lost in damaged words (`v?u` → `vœu`), when certain.
fn restore_lost_letters(decoded: &mut Decoded) {
    if !decoded.text.chars().any(is_lost) {
        return;
    }
    // The vocabulary: the list above and every word of the text written whole.
    let mut vocabulary: HashSet<String> = VOCABULARY
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    for word in words(&decoded.text) {
        if !word.chars().any(is_lost) && !word.is_ascii() {
            vocabulary.insert(word.to_lowercase());
        }
    }
    let text = std::mem::take(&mut decoded.text);
    let mut out = String::with_capacity(text.len());
    let mut restored = 0usize;
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| is_word_char(c) || is_lost(c)) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(is_word_char(c) || is_lost(c)))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if !is_damaged(word) {
            out.push_str(word);
            continue;
        }
        // "d’apr?s": the elided article stays, the word after it is restored.
        let (elision, stem) = match word.find(['’', '\'']) {
            Some(at) if at <= 3 => {
                word.split_at(at + word[at..].chars().next().map_or(1, char::len_utf8))
            }
            _ => ("", word),
        };
        match restore(stem, &vocabulary).map(|fixed| format!("{elision}{fixed}")) {
            Some(fixed) => {
                out.push_str(&fixed);
                restored += 1;
            }
            None => {
                out.push_str(word);
                if !decoded.unrepaired.iter().any(|w| w == word) {
                    decoded.unrepaired.push(word.to_string());
                }
            }
        }
    }
    out.push_str(rest);
    decoded.text = out;
    if restored > 0 {
        decoded.repairs.push(format!(
            "lettres perdues à l’encodage : {restored} mot{} rétabli{}",
            if restored > 1 { "s" } else { "" },
            if restored > 1 { "s" } else { "" }
        ));
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '’' | '\'' | '·' | '-')
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Whether a word has lost a letter: `�` anywhere, or `?` with a letter on both sides or
/// at the start of a word (`?tat`); a `?` after a word is a question mark.
fn is_damaged(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '\u{FFFD}'
            || c == '?'
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
                && (i == 0 || chars[i - 1].is_alphabetic())
    })
}

/// The one word of the vocabulary the damaged word can be, in the word's case: a word of
/// the same length whose letters are the word's where they are kept, and a letter a code
/// page may lose where they are lost.
fn restore(word: &str, vocabulary: &HashSet<String>) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let lowered: Vec<char> = word.to_lowercase().chars().collect();
    if lowered.len() != chars.len() {
        return None;
    }
    let mut found = vocabulary.iter().filter(|known| {
        known.chars().count() == chars.len()
            && known.chars().zip(&lowered).all(|(k, &w)| {
                k == w || is_lost(w) && LOST_CANDIDATES.iter().any(|c| c.to_lowercase().eq([k]))
            })
    });
    let only = found.next()?;
    if found.next().is_some() {
        return None;
    }
    // The letters put back follow the word's case: "D?LIB?RATION" → "DÉLIBÉRATION".
    let letters = chars.iter().filter(|c| c.is_alphabetic());
    let upper_word = letters.clone().count() > 1 && letters.clone().all(|c| c.is_uppercase());
    Some(
        only.chars()
            .zip(&chars)
            .flat_map(|(k, &original)| {
                let upper = if is_lost(original) {
                    upper_word
                } else {
                    original.is_uppercase()
                };
                let mut out: Vec<char> = vec![k];
                if upper {
                    out = k.to_uppercase().collect();
                }
                out
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("Vœu".as_bytes()).text, "Vœu");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Délibération".as_bytes());
        assert_eq!(decode(&bom).text, "Délibération");
        let (latin1, _, _) = WINDOWS_1252.encode("Considérant que la délibération prévoit");
        let d = decode(&latin1);
        assert_eq!(d.text, "Considérant que la délibération prévoit");
        assert_eq!(d.encoding, Some("windows-1252"));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Vœu relatif".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&utf16);
        assert_eq!(d.text, "Vœu relatif");
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn double_encoding_is_repaired() {
        let d = decode("La dÃ©libÃ©ration de lâ€™Ã‰tat, Ã  Paris, le vÅ“u".as_bytes());
        assert_eq!(d.text, "La délibération de l’État, à Paris, le vœu");
        assert_eq!(d.repairs.len(), 1);
        // Ordinary accented text stays as it is.
        let d = decode("Élu·es, « à » l’État".as_bytes());
        assert_eq!(d.text, "Élu·es, « à » l’État");
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn lost_letters_are_restored_when_certain() {
        let d = decode("Le v?u sur la d?lib?ration. Pourquoi? Le m?t.".as_bytes());
        assert_eq!(d.text, "Le vœu sur la délibération. Pourquoi? Le m?t.");
        assert_eq!(d.unrepaired, vec!["m?t"]);
        let d = decode("D\u{FFFD}lib\u{FFFD}ration et VOEU, le pr\u{FFFD}fet".as_bytes());
        assert_eq!(d.text, "Délibération et VOEU, le préfet");
        // A word written whole elsewhere in the text is part of the vocabulary.
        let d = decode("La végétalisation ; la v?g?talisation ; LA D?LIB?RATION".as_bytes());
        assert_eq!(
            d.text,
            "La végétalisation ; la végétalisation ; LA DÉLIBÉRATION"
        );
    }
}
