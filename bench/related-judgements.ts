// The judged set of related content: for articles of the seed and demo content
// (src/content/seed/), the articles an editor would put in their related block.
// `best`: what an editor would pick first (gain 2); `fine`: acceptable in a block of five
// (gain 1); anything else is a miss. Two accounts of one event (from two sources) are one pick:
// one may be `best`, the other is at most `fine`; an account of the origin's own event is at most
// `fine` (the reader has just read the story).

export interface Judgement {
  best: readonly string[];
  fine: readonly string[];
}

const valence = 'ia-mega-data-center-valence-sesterce';
const calculia = 'val-de-lorne-campus-de-calcul-ia-calculia';
const riverains = 'campus-de-calcul-riverains-consommation-eau';
const riverainsAgain = 'campus-de-calcul-reunion-publique-eau-etude-independante';
const sobriety = 'data-centers-sobriete-energetique-collectivites';
const heat = 'chaleur-des-serveurs-universite-raccordement-calculia';
const grid = 'centres-de-donnees-ia-reseau-electrique-sous-tension';
const cooling = 'refroidir-serveurs-sans-assecher-territoire';
const sovereignCloud = 'cloud-souverain-communes-val-de-lorne';
const trustedCloud = 'cloud-de-confiance-choisir-hebergeur-collectivite';
const pupilsData = 'souverainete-numerique-donnees-eleves-france';
const teachers = 'trois-cents-enseignants-formes-intelligence-artificielle';
const teachersAgain = 'trois-cents-professeurs-inities-ia-bilan';
const inClass = 'ia-en-classe-cinq-usages-enseignants';
const trainingMistakes = 'former-enseignants-ia-trois-erreurs';
const tilleulsTraining = 'lycee-des-tilleuls-enseignants-se-forment-ia';
const chatgpt = 'chatgpt-redefinir-metier-professeur-histoire-geo';
const ransomware = 'cyberattaque-lycee-des-tilleuls-rancongiciel';
const schoolSecurity = 'cybersecurite-etablissements-scolaires-bons-reflexes';
const portal = 'lycee-des-tilleuls-nouveau-portail';
const farmSchools = 'enseignement-agricole-numerique-exploitations-pedagogiques';
const bachelor = 'nouveau-bachelor-agro-modalites-decrets';
const guidance = 'orientation-lyceens-accompagner-sans-multiplier-outils';
const guidancePlatform = 'universite-val-de-lorne-plateforme-orientation';

export const judgements: Readonly<Record<string, Judgement>> = {
  [valence]: { best: [calculia, grid, sobriety], fine: [riverains, riverainsAgain, heat, cooling, sovereignCloud, trustedCloud] },
  [calculia]: { best: [riverains, sobriety, heat], fine: [riverainsAgain, valence, grid, cooling] },
  [riverains]: { best: [cooling, calculia, sobriety], fine: [riverainsAgain, heat, grid, valence] },
  [riverainsAgain]: { best: [cooling, calculia, sobriety], fine: [riverains, heat, grid, valence] },
  [sobriety]: { best: [calculia, heat, grid, riverains], fine: [riverainsAgain, cooling, valence] },
  [heat]: { best: [calculia, sobriety], fine: [riverains, riverainsAgain, grid, cooling, valence] },
  [grid]: { best: [valence, sobriety, calculia], fine: [heat, cooling, riverains, riverainsAgain] },
  [cooling]: { best: [riverains, sobriety], fine: [riverainsAgain, grid, heat, calculia] },
  [sovereignCloud]: { best: [trustedCloud, pupilsData], fine: [schoolSecurity, ransomware, valence] },
  [trustedCloud]: { best: [sovereignCloud, pupilsData], fine: [schoolSecurity, ransomware, valence] },
  [pupilsData]: { best: [trustedCloud, sovereignCloud, schoolSecurity], fine: [ransomware, valence] },
  [teachers]: { best: [inClass, trainingMistakes, tilleulsTraining], fine: [teachersAgain, chatgpt] },
  [teachersAgain]: { best: [tilleulsTraining, trainingMistakes, inClass], fine: [teachers, chatgpt] },
  [inClass]: { best: [trainingMistakes, chatgpt, teachers], fine: [teachersAgain, tilleulsTraining] },
  [trainingMistakes]: { best: [teachers, inClass, tilleulsTraining], fine: [teachersAgain, chatgpt] },
  [tilleulsTraining]: { best: [teachers, trainingMistakes, inClass], fine: [teachersAgain, chatgpt] },
  [chatgpt]: { best: [inClass, trainingMistakes], fine: [teachers, teachersAgain, tilleulsTraining] },
  [ransomware]: { best: [schoolSecurity, pupilsData], fine: [trustedCloud, sovereignCloud] },
  [schoolSecurity]: { best: [ransomware, pupilsData], fine: [trustedCloud, sovereignCloud] },
  [portal]: { best: [farmSchools], fine: [bachelor, guidancePlatform] },
  [guidance]: { best: [guidancePlatform], fine: [] },
};
