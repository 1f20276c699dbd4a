// French word lists for the synthetic corpus: enough variety that full-text search, ranking and
// highlighting have real words to work on. Names are assembled from these parts, so the people
// are fictional; towns are real places.

export const towns = [
  'Rennes', 'Nantes', 'Grenoble', 'Lille', 'Bordeaux', 'Toulouse', 'Strasbourg', 'Montpellier',
  'Dijon', 'Valence', 'Clermont-Ferrand', 'Brest', 'Tours', 'Limoges', 'Amiens', 'Metz',
  'Besançon', 'Poitiers', 'Orléans', 'Caen', 'Annecy', 'Pau', 'Nîmes', 'Angers', 'Reims',
  'Perpignan', 'Chambéry', 'Quimper', 'Troyes', 'Saint-Étienne', 'Lorient', 'Niort',
  'Béziers', 'Colmar', 'Vannes', 'Ajaccio', 'Bayonne', 'Albi', 'Épinal',
];

export const firstNames = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Zoé', 'Clémence', 'Margaux',
  'Élise', 'Anaïs', 'Océane', 'Solène', 'Maëlys', 'Romane', 'Agathe', 'Hélène', 'Nadia', 'Salomé',
  'Lucas', 'Hugo', 'Théo', 'Nathan', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Mathis', 'Raphaël',
  'Baptiste', 'Maxime', 'Julien', 'Antoine', 'Étienne', 'Yanis', 'Karim', 'Loïc', 'Gaël', 'Rémi',
];

// Surnames built from syllables rather than taken from a list of real families.
export const surnameStarts = [
  'Ber', 'Cha', 'Dur', 'Fav', 'Gal', 'Jou', 'Lam', 'Mar', 'Per', 'Rou', 'Sau', 'Ver', 'Bou',
  'Cor', 'Dal', 'Lef', 'Mor', 'Pel', 'Quen', 'Tes',
];
export const surnameEnds = [
  'ardin', 'elot', 'illac', 'oneau', 'errin', 'audier', 'ignac', 'ousset', 'anteuil', 'evrat',
  'inier', 'ollet', 'ussac', 'arvel', 'emond',
];

export const jobTitles = [
  'Directrice générale', 'Directeur technique', 'Chargée de mission', 'Maire', 'Adjoint au maire',
  'Présidente', 'Chercheur', 'Professeure', 'Responsable innovation', 'Porte-parole', 'Ingénieure',
  'Délégué régional', 'Vice-président', 'Directrice de la communication', 'Fondateur',
];

export const brandStems = [
  'Lumina', 'Verdance', 'Axiome', 'Hélios', 'Boréal', 'Cobalt', 'Alizé', 'Quartz', 'Orée',
  'Sillon', 'Nuage', 'Ondine', 'Granit', 'Pixel', 'Vega', 'Altitude', 'Mistral', 'Cèdre',
  'Saphir', 'Ardoise', 'Tramontane', 'Calypso', 'Sirius', 'Azur', 'Ormeau',
];
export const brandTrades = [
  'Énergie', 'Numérique', 'Data', 'Industries', 'Conseil', 'Solutions', 'Mobilité', 'Santé',
  'Agro', 'Systèmes', 'Robotique', 'Cloud',
];

export const topicThemes = [
  'Intelligence artificielle', 'Centres de données', 'Souveraineté numérique', 'Économie locale',
  'Éducation', 'Enseignement agricole', 'Cybersécurité', 'Transition énergétique', 'Mobilité',
  'Santé', 'Agriculture', 'Industrie', 'Emploi', 'Logement', 'Recherche', 'Énergies renouvelables',
  'Hydrogène', 'Transports publics', 'Eau', 'Biodiversité', 'Climat', 'Tourisme', 'Culture',
  'Sport', 'Commerce', 'Start-up', 'Formation professionnelle', 'Orientation', 'Université',
  'Robotique', 'Semi-conducteurs', 'Batteries', 'Fibre optique', 'Télécoms', 'Spatial',
  'Aéronautique', 'Automobile', 'Ferroviaire', 'Numérique responsable', 'Données personnelles',
  'Cloud', 'Open data', 'Villes connectées', 'Agroalimentaire', 'Forêt', 'Bâtiment',
  'Rénovation énergétique', 'Nucléaire', 'Éolien', 'Solaire',
];
export const topicAngles = ['', 'et territoires', 'et emploi', 'et innovation', 'et financement', 'et formation', 'et recherche', 'en Europe'];

export const projectKinds = [
  'Centre de données', 'Campus numérique', 'Réseau de chaleur', 'Ferme solaire', 'Usine de batteries',
  'Ligne de tramway', 'Pôle de santé', 'Tiers-lieu', 'Incubateur', 'Plateforme logistique',
  'Parc éolien', 'Laboratoire d’intelligence artificielle', 'Centre de formation au numérique',
  'Station hydrogène', 'Médiathèque connectée',
];

export const verbs = [
  'annonce', 'prépare', 'lance', 'inaugure', 'finance', 'dévoile', 'accélère', 'confirme',
  'repousse', 'étend', 'présente', 'relance',
];

export const objects = [
  'un centre de données', 'un plan d’investissement', 'une usine de batteries', 'un réseau de chaleur',
  'une formation en cybersécurité', 'un campus numérique', 'une ligne de bus à hydrogène',
  'un laboratoire d’intelligence artificielle', 'une plateforme de données ouvertes',
  'un programme de rénovation énergétique', 'une ferme solaire', 'un incubateur de jeunes pousses',
  'un service de télémédecine', 'une filière de recyclage', 'un supercalculateur',
];

export const complements = [
  'd’ici 2027', 'avec le soutien de la région', 'pour réduire son empreinte carbone',
  'malgré les réserves des riverains', 'en partenariat avec l’université', 'pour créer deux cents emplois',
  'après deux ans de concertation', 'au cœur de la zone d’activités', 'avec des financements européens',
  'pour attirer ingénieurs et chercheurs',
];

export const goals = [
  'renforcer la souveraineté numérique du territoire', 'limiter la consommation d’énergie',
  'attirer des ingénieurs et des chercheurs', 'former les demandeurs d’emploi',
  'moderniser les services publics', 'réduire les émissions de gaz à effet de serre',
  'soutenir les entreprises locales', 'protéger les données des habitants',
];

export const concerns = [
  'la consommation d’eau', 'la hausse des prix de l’électricité', 'l’artificialisation des sols',
  'la protection des données personnelles', 'le manque de main-d’œuvre qualifiée',
  'le bruit des installations', 'le coût pour les contribuables',
];

export const quotes = [
  'C’est une chance pour l’emploi local', 'Nous devons aller plus vite', 'Ce projet change l’échelle du territoire',
  'Il faudra rester attentifs à l’environnement', 'Les données des habitants resteront en France',
  'Nous avons écouté les inquiétudes des riverains', 'La formation est la clé de la réussite',
  'Personne ne pourra faire ce chemin seul',
];
