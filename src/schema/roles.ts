import { builder } from './builder.js';

// The roles a link carries on its edge. Kept apart from the entity files, which use them
// while they load (connection edges), so that no import cycle reaches them half-defined.

export const ArticleLinkRole = builder.enumType('ArticleLinkRole', {
  description: 'What part a person, organisation or project plays in an article.',
  values: {
    AUTHOR: { value: 'author', description: 'Wrote it.' },
    SUBJECT: { value: 'subject', description: 'The article is about them.' },
    QUOTED: { value: 'quoted', description: 'Quoted in it.' },
    MENTIONED: { value: 'mentioned', description: 'Named in passing.' },
  } as const,
});

export const ProjectRole = builder.enumType('ProjectRole', {
  description: 'What part an organisation plays in a project.',
  values: {
    OWNER: { value: 'owner', description: 'Leads and owns it.' },
    INVESTOR: { value: 'investor', description: 'Funds it.' },
    PARTNER: { value: 'partner', description: 'Works on it.' },
    CLIENT: { value: 'client', description: 'It is done for them.' },
    HOST: { value: 'host', description: 'Hosts it (a town, a site).' },
  } as const,
});
