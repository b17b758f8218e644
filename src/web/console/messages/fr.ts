// Catalogue français de la console (chargé à la demande). Typed against the English keys: a
// missing or extra key is a type error.
import type { Message } from '../../shared/i18n.ts';
import type { MessageKey } from './en.ts';

const fr: Record<MessageKey, Message> = {
  'console.title': 'Console Karibu',
  'console.soon': 'Bientôt disponible.',
  'setup.title': 'Choisissez votre mot de passe',
  'setup.intro': 'Choisissez le mot de passe avec lequel vous vous connecterez. Ce lien ne sert qu’une fois.',
  'setup.password': 'Nouveau mot de passe',
  'setup.confirm': 'Répétez le mot de passe',
  'setup.hint': 'Au moins 10 caractères. Quelques mots à la suite se retiennent facilement et se devinent mal.',
  'setup.submit': 'Enregistrer le mot de passe',
  'setup.saving': 'Enregistrement…',
  'setup.done': 'Votre mot de passe est enregistré. Connectez-vous avec {email}.',
  'setup.error.short': 'Le mot de passe doit compter au moins 10 caractères.',
  'setup.error.mismatch': 'Les deux mots de passe ne sont pas identiques.',
  'setup.error.noToken': 'Cette page a besoin du lien reçu par e-mail ou de la personne qui vous a invité·e. Rouvrez ce lien.',
  'setup.error.gone': 'Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.',
  'setup.error.network': 'Pas de connexion. Vérifiez votre réseau et réessayez.',
  'setup.error.other': 'Cela n’a pas marché ({message}). Réessayez.',
};

export default fr;
