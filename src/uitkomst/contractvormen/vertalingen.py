# ruff: noqa: E501
"""Message ids of the vocabulary in ``data/vocabulaire.yaml`` and ``data/archetypen.yaml``.

The vocabulary is data (YAML); the pages translate its strings with gettext (``weergave.t``). This
list makes ``makemessages`` keep them in the catalogue. Generated from the data files; the test
``test_i18n_contractvormen`` fails when a vocabulary string is missing here or in the catalogue.
"""

from django.utils.translation import gettext_noop as _

VOCABULAIRE = [
    _("Regie"),
    _("Wie voert de toegang en de coördinatie van de hulp?"),
    _("Gemeente"),
    _(
        "Medewerkers of een team van de gemeente, of een onafhankelijke regisseur in haar opdracht, voeren het gesprek, beslissen over de hulp en blijven de hulp volgen."
    ),
    _("Gedeeld"),
    _(
        "De toegang legt met de cliënt de doelen vast; één verantwoordelijke aanbieder coördineert daarna de hulp om die doelen te halen."
    ),
    _("Aanbieder"),
    _(
        "Een gecontracteerde aanbieder doet toegang, plan, coördinatie en uitvoering; de gemeente stuurt op managementinformatie en overleg."
    ),
    _("Verantwoording en bekostiging"),
    _("Waarop rekent de gemeente af?"),
    _("Inspanning (P×Q)"),
    _("Uren, dagdelen of etmalen tegen een vast tarief; de aanbieder verantwoordt de geleverde inzet."),
    _("Cliëntvolgend budget"),
    _("Een budget dat met de cliënt meegaat, zonder harde afspraken over te halen resultaten."),
    _("Resultaat per cliënt"),
    _("Een vast bedrag per cliënt voor een traject, arrangement of per week, gekoppeld aan afgesproken resultaten."),
    _("Populatie"),
    _(
        "Een totaalbudget voor de hulp aan een hele populatie (gemeente of wijk), met resultaatafspraken en soms een bonus of malus."
    ),
    _("Aantal gecontracteerde aanbieders"),
    _("Met hoeveel aanbieders sluit de gemeente rechtstreeks een contract?"),
    _("Open"),
    _(
        "Iedere aanbieder die aan de eisen voldoet krijgt een raamovereenkomst; geen omzetgarantie, cliënten kiezen, de concurrentie loopt door tijdens het contract."
    ),
    _("Beperkt"),
    _("Een selectie van aanbieders; nieuwe aanbieders komen er tijdens de looptijd niet of nauwelijks bij."),
    _("Hoofdaannemer"),
    _("Eén hoofdaannemer of consortium per gebied, die zelf onderaannemers inschakelt voor capaciteit en expertise."),
    _("Scope van een contract"),
    _("Wat omvat één contract?"),
    _("Product"),
    _("Een smal product, zoals een uur individuele begeleiding, zonder regiefunctie."),
    _("Arrangement of profiel"),
    _("Een breed pakket rond een profiel of arrangement: alle hulp die nodig is om de doelen van één cliënt te halen."),
    _("Integraal"),
    _(
        "Toeleiding, vraagverheldering, plan, regie en hulp voor alle inwoners van een gemeente of wijk, eventueel over Wmo en jeugdhulp heen."
    ),
    _("Wie kiest de aanbieder?"),
    _("Wie beslist welke aanbieder de cliënt helpt?"),
    _("De gemeente heeft vooraf één of enkele aanbieders geselecteerd of wijst de aanbieder toe."),
    _("Cliënt"),
    _("De cliënt kiest zelf uit de gecontracteerde aanbieders."),
    _("Wie bepaalt de inhoud?"),
    _("Wie bepaalt samen met de cliënt wat er moet gebeuren en hoe?"),
    _("De gemeente legt in het gesprek met de cliënt vooraf vast welke hulp (product, omvang) nodig is."),
    _("De aanbieder geeft samen met de cliënt de hulp vorm binnen de afgesproken doelen."),
    _("Keuze uit een voorgeschreven aanbod"),
    _(
        "De gemeente legt aan de keukentafel vast welk product nodig is; de cliënt kiest welke gecontracteerde aanbieder het levert (ontwikkelingsrichting 2: een productenboek met meerdere aanbieders per product)."
    ),
    _(
        "Het gesprek aan de keukentafel moet gedetailleerd zijn en vraagt veel kennis van de gespreksvoerder; wat kost dat?"
    ),
    _("Nieuwe werkwijzen vragen een nieuw product en dus een contractwijziging; hoe snel kan dat?"),
    _("Cliënten hebben per product vergelijkbare informatie over aanbieders nodig om te kunnen kiezen."),
    _("Medewerkers van aanbieders moeten de productomschrijvingen precies kennen."),
    _("Meer of minder hulp betekent een nieuwe beschikking via de gemeente."),
    _("Keuze en professionele ruimte"),
    _(
        "De gemeente koopt brede profielen in bij meerdere aanbieders; de cliënt kiest een aanbieder en bepaalt met die aanbieder de hulp. De gemeente stuurt bij op signalen (ontwikkelingsrichting 3)."
    ),
    _("Het gesprek aan de keukentafel kan zich beperken tot doelen en profiel; wie bewaakt dat het profiel klopt?"),
    _("Nieuwe werkwijzen kunnen binnen het profiel worden ingezet zonder contractwijziging."),
    _("Cliënten kiezen op kwaliteit en ervaringen; die informatie moet openbaar en vergelijkbaar zijn."),
    _("Medewerkers moeten de doelen, het profiel en de grenzen van het tarief met de cliënt kunnen bespreken."),
    _("Op- en afschalen gebeurt binnen het traject; de aanbieder draagt het risico van meer inzet."),
    _("Geselecteerde partners met grote verantwoordelijkheid"),
    _(
        "De gemeente selecteert één of enkele aanbieders die nauw met haar samenwerken en veel ruimte krijgen om de hulp vorm te geven en te vernieuwen (ontwikkelingsrichting 1)."
    ),
    _("De toegang kan licht zijn, maar hoe houdt de gemeente zicht op wat er aan de keukentafel gebeurt?"),
    _("Vernieuwing ligt bij de partners; hoe legt de gemeente vast welke vernieuwing zij verwacht?"),
    _("Cliënten hebben weinig te kiezen; zij moeten weten waar ze terechtkunnen met klachten of een second opinion."),
    _("Medewerkers van onderaannemers moeten de afspraken met de hoofdaannemer kennen."),
    _("Op- en afschalen ligt bij de partners binnen hun budget; hoe voorkomt de gemeente onderbehandeling?"),
    _("Gemeentelijke toewijzing"),
    _(
        "De gemeente bepaalt zowel welke hulp nodig is als welke aanbieder die levert; aanbieders voeren uit wat is toegewezen."
    ),
    _("De gemeente draagt het hele gesprek en de keuze; heeft zij daar genoeg mensen en kennis voor?"),
    _("Nieuwe werkwijzen komen alleen binnen via een nieuwe toewijzingsregel of een nieuw contract."),
    _("Cliënten moeten weten waarom zij bij een bepaalde aanbieder terechtkomen en hoe zij kunnen bezwaren."),
    _(
        "Medewerkers van aanbieders voeren een voorgeschreven opdracht uit en moeten weten wanneer zij terug moeten naar de gemeente."
    ),
    _("Meer of minder hulp vraagt steeds een nieuw besluit van de gemeente."),
    _(
        "Populatiebekostiging past niet bij een onbeperkt aantal aanbieders: een totaalbudget voor een populatie vraagt één of enkele partijen die het risico dragen."
    ),
    _(
        "Populatiebekostiging hoort bij een breed contract (toeleiding, plan, regie en hulp); bij een smal product heeft de aanbieder geen grip op de populatie."
    ),
    _(
        "De regie ligt bij de aanbieder, maar het contract omvat alleen een smal product zonder regiefunctie: de scope bepaalt of regie voeren onderdeel van de opdracht is."
    ),
    _(
        "De regisseur is in dienst van een aanbieder die zelf ook hulp levert: dat geeft een prikkel om te veel hulp toe te wijzen. Een regisseur hoort onafhankelijk van de uitvoering te zijn."
    ),
    _(
        "{procedure} leidt tot raamovereenkomsten met iedere aanbieder die de voorwaarden aanvaardt; dat past bij de bovenste helft van het raamwerk, niet bij één hoofdaannemer of consortium."
    ),
    _(
        "{procedure} laat de beste inschrijving winnen en past bij een contract met één of enkele aanbieders (onderste helft van het raamwerk), niet bij open toetreding voor iedere aanbieder."
    ),
    _(
        "Met één hoofdaannemer per gebied valt er voor de cliënt weinig te kiezen; keuzevrijheid bestaat dan hooguit tussen onderaannemers of via een pgb."
    ),
    _(
        "Bij populatiebekostiging kiest de cliënt gewoonlijk niet zelf de aanbieder: het budget ligt al bij de gecontracteerde partij(en)."
    ),
    _("Naar rechts op het raamwerk: meer resultaatgericht en integraler bekostigd."),
    _("Naar links op het raamwerk: meer verantwoording van inzet en smallere contracten."),
    _("Omhoog op het raamwerk: meer aanbieders en meer regie bij de gemeente."),
    _("Omlaag op het raamwerk: meer taken en verantwoordelijkheid bij minder aanbieders."),
    _("Geen verschuiving op het raamwerk."),
    _("Grote aanbieder"),
    _("Kleine aanbieder"),
    _("AWBZ'tje"),
    _(
        "De gemeente zet de werkwijze van vóór 2015 voort: zij koopt uren en dagdelen in met (vereenvoudigde) oude productcodes, contracteert de aanbieders die de cliënten al hadden en laat nieuwkomers nauwelijks toe. De gemeente indiceert zoals het CIZ deed; de aanbieder coördineert en levert wat is toegekend. Soms krijgen aanbieders budgetzekerheid. In 2015 werkte ongeveer zestig procent van de gemeenten zo."
    ),
    _("Er verandert niets; cliënten houden hun vertrouwde aanbieder."),
    _("Hulp blijft in uren gedacht, niet in wat de cliënt wil bereiken."),
    _("Snel ingevoerd en eenvoudig uit te voeren."),
    _("Tijd om te zien hoe andere gemeenten het doen en van hun fouten te leren."),
    _("Met de bezuinigingen op termijn financieel niet vol te houden."),
    _("De gemeente bouwt geen eigen kennis en ervaring op en loopt achter."),
    _("Budgetten geven financiële zekerheid."),
    _("Inhoudelijk verandert er weinig; een gemiste kans om te vernieuwen."),
    _("Inhoudelijk een gemiste kans."),
    _("Nieuwe kleine aanbieders komen er moeilijk tussen."),
    _("Wijkgericht"),
    _(
        "De gemeente deelt haar grondgebied op in wijken of dorpen en sluit per wijk een contract met één aanbieder of consortium. Die hoofdaannemer krijgt een budget voor alle hulp in de wijk, wordt beoordeeld op resultaat- of uitkomstindicatoren, heeft veel vrijheid en werkt met onderaannemers."
    ),
    _("De hoofdaannemer heeft er belang bij zo weinig mogelijk hulp in te zetten."),
    _("Er valt weinig te kiezen."),
    _("Eén vast aanspreekpunt in de wijk."),
    _("Snel geregeld."),
    _("Weinig zicht op en invloed op de uitvoering."),
    _("Risico dat kosten worden afgewenteld op andere voorzieningen."),
    _("Wisselen van hoofdaannemer is ingrijpend en duur."),
    _("Als hoofdaannemer veel invloed op de uitvoering en op de geldstroom."),
    _("Veel ruimte voor de professional."),
    _("Als onderaannemer afhankelijk van de keuzes van de hoofdaannemer en mogelijk onevenredig gekort."),
    _("Zonder onderaannemerschap blijven alleen cliënten met een pgb over."),
    _("Regisseursmodel"),
    _(
        "Een regisseur in opdracht van de gemeente voert het gesprek, brengt informele hulp en voorliggende voorzieningen in beeld, stelt een plan op en wijst zo nodig standaardvoorzieningen toe uit een catalogus die bij meerdere aanbieders is ingekocht. De cliënt kiest vrij uit die aanbieders; de regisseur blijft betrokken en volgt de hulp. De regisseur moet onafhankelijk zijn van de uitvoering. Hoe de voorzieningen worden ingekocht (resultaat, arrangementen, cliëntvolgende budgetten) bepaalt de precieze plek op het raamwerk."
    ),
    _("Praat mee over het eigen plan."),
    _("Kiest zelf de aanbieder."),
    _("Veel invloed op de uitvoering via de regisseurs."),
    _("Een integrale aanpak met andere domeinen is mogelijk."),
    _("Alles hangt af van de kwaliteit van de regisseurs."),
    _("Regisseurs zijn een vaste kostenpost voor de gemeente."),
    _("Een raamovereenkomst garandeert geen omzet."),
    _("Afhankelijk van de toewijzingen door de regisseur."),
    _("Kan zich onderscheiden met kwaliteit."),
    _("Profielmodel"),
    _(
        "De gemeente koopt brede ondersteuningsprofielen in, met een paar intensiteiten en een vast tarief per traject of arrangement, bij meerdere aanbieders per profiel. De toegang legt met de cliënt de doelen vast; de cliënt kiest één verantwoordelijke aanbieder, die met de cliënt bepaalt hoe de doelen worden gehaald en zo nodig onderaannemers inschakelt. De gemeente stuurt op uitkomsten en grijpt in bij signalen (IJsselland jeugdhulp vanaf 2018)."
    ),
    _("Kiest zelf één aanbieder die verantwoordelijk is voor het hele traject."),
    _("Het vaste tarief kan een prikkel geven om lichter te helpen dan nodig."),
    _("Koopt resultaten in zonder zelf expert in de hulp te hoeven zijn."),
    _("Minder producten en minder administratie; sturing op uitkomst (doelrealisatie, uitval, tevredenheid)."),
    _("Een goede toegang en betrouwbare uitkomstmeting zijn voorwaarden; anders stuurt de gemeente blind."),
    _("Geen financiële prikkel meer om cliënten langer dan nodig in zorg te houden."),
    _("Ruimte om per cliënt zelf de juiste inzet te kiezen."),
    _("Draagt het risico wanneer een traject duurder uitvalt dan het tarief."),
    _("Kan meedoen op één of enkele profielen en zich op kwaliteit onderscheiden."),
    _("Een paar dure trajecten wegen zwaar op een kleine omzet."),
    _("Veilingmodel"),
    _(
        "Een zeldzaam model (ook dynamisch toewijzen genoemd): gekwalificeerde aanbieders bieden per cliënt op het tarief en de laagste bieder krijgt de cliënt toegewezen."
    ),
    _("De cliënt kiest niet zelf; de prijs beslist wie helpt."),
    _("Scherpe prijzen per cliënt."),
    _("Prijsdruk kan ten koste gaan van kwaliteit en continuïteit."),
    _("Schaalvoordeel maakt lage biedingen mogelijk."),
    _("Geen zekerheid over omzet en planning."),
    _("Moeilijk om op prijs te concurreren met grote aanbieders."),
    _("Kan met een scherp bod snel toegang krijgen tot cliënten."),
]
