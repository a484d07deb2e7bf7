"""API for contracting. Contract managers write; a provider reads and applies for itself only;
every other role gets 403 (problem+json). Rules (who may, too: ``accounts.policy``) live in
contractering.services."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils import klok
from uitkomst.utils.errors import ValidationFailed
from uitkomst.utils.opzoeken import per_uuid

from .. import selectors, services
from ..models import (
    Aanbesteding,
    Aanbieder,
    Aanmelding,
    Inkoopprocedure,
    Inschrijving,
    Raamovereenkomst,
    Specialisme,
    Toetredingsronde,
)
from . import serializers as s

TAGS = ["contractering"]


class ContracteringToegang(permissions.BasePermission):
    """Only contract managers (and administrators) and providers use the contracting API."""

    message = "Alleen contractmanagers en aanbieders hebben toegang tot contractering."

    def has_permission(self, request, view):
        return policy.mag(request.user, "contractering.lezen")




def _producten(uuids) -> list[Product]:
    found = {p.uuid: p for p in Product.objects.filter(uuid__in=uuids)}
    missing = [str(u) for u in uuids if u not in found]
    if missing:
        raise ValidationFailed(
            f"Onbekende producten: {', '.join(missing)}.", code="product_onbekend", field="producten"
        )
    return [found[u] for u in uuids]


class AanbiederFilter(django_filters.FilterSet):
    agbCode = django_filters.CharFilter(field_name="agb_code")
    grootte = django_filters.ChoiceFilter(choices=Aanbieder.Grootte.choices)
    gemeente = django_filters.CharFilter(field_name="werkgebied__cbs_code")
    specialisme = django_filters.CharFilter(field_name="specialismen__code")

    class Meta:
        model = Aanbieder
        fields = ["agbCode", "grootte", "gemeente", "specialisme"]


@extend_schema_view(
    list=extend_schema(summary="Aanbieders", tags=TAGS),
    retrieve=extend_schema(summary="Eén aanbieder", tags=TAGS),
    create=extend_schema(
        summary="Aanbieder registreren",
        tags=TAGS,
        request=s.AanbiederWriteSerializer,
        responses={201: s.AanbiederSerializer},
    ),
)
class AanbiederViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.AanbiederSerializer
    lookup_field = "uuid"
    filterset_class = AanbiederFilter

    def get_queryset(self):
        return selectors.aanbieder_list(user=self.request.user).distinct()

    def create(self, request, *args, **kwargs):
        data = s.AanbiederWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        aanbieder = services.aanbieder_create(
            naam=v["naam"],
            agb_code=v["agb_code"],
            kvk_nummer=v["kvk_nummer"],
            grootte=v["grootte"],
            omschrijving=v["omschrijving"],
            website=v["website"],
            specialismen=Specialisme.objects.filter(code__in=v["specialismen"]),
            werkgebied=Gemeente.objects.filter(cbs_code__in=v["werkgebied"]),
            door=request.user,
        )
        return Response(s.AanbiederSerializer(aanbieder).data, status=status.HTTP_201_CREATED)


class RaamovereenkomstFilter(django_filters.FilterSet):
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    inkoopmodel = django_filters.UUIDFilter(field_name="inkoopmodel__uuid")
    status = django_filters.ChoiceFilter(choices=Raamovereenkomst.Status.choices)

    class Meta:
        model = Raamovereenkomst
        fields = ["aanbieder", "inkoopmodel", "status"]


@extend_schema_view(
    list=extend_schema(summary="Raamovereenkomsten", tags=TAGS),
    retrieve=extend_schema(summary="Eén raamovereenkomst met haar geschiedenis", tags=TAGS),
    create=extend_schema(
        summary="Raamovereenkomst aangaan",
        tags=TAGS,
        request=s.RaamovereenkomstCreateSerializer,
        responses={201: s.RaamovereenkomstSerializer},
    ),
    verlengen=extend_schema(
        summary="Eén verlengoptie benutten",
        tags=TAGS,
        request=s.VerlengenSerializer,
        responses=s.RaamovereenkomstSerializer,
    ),
    opschorten=extend_schema(
        summary="Opschorten", tags=TAGS, request=s.WijzigingSerializer, responses=s.RaamovereenkomstSerializer
    ),
    hervatten=extend_schema(
        summary="Hervatten na opschorting",
        tags=TAGS,
        request=s.WijzigingSerializer,
        responses=s.RaamovereenkomstSerializer,
    ),
    beeindigen=extend_schema(
        summary="Beëindigen", tags=TAGS, request=s.WijzigingSerializer, responses=s.RaamovereenkomstSerializer
    ),
    onderaannemers=extend_schema(
        summary="Onderaannemer melden (hoofdaanbieder of contractmanager)",
        tags=TAGS,
        request=s.OnderaannemingCreateSerializer,
        responses={201: s.OnderaannemingSerializer},
    ),
)
class RaamovereenkomstViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.RaamovereenkomstSerializer
    lookup_field = "uuid"
    filterset_class = RaamovereenkomstFilter

    def get_queryset(self):  # who wrote each history row, the subcontractor: one query each, not per row
        qs = selectors.raamovereenkomst_list(user=self.request.user)
        return qs.prefetch_related("historie__door", "onderaannemingen__onderaannemer")

    def _fresh(self, obj, code=status.HTTP_200_OK):
        return Response(s.RaamovereenkomstSerializer(self.get_queryset().get(pk=obj.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.RaamovereenkomstCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        model = per_uuid(Inkoopmodel, v["inkoopmodel"], "inkoopmodel", "Inkoopmodel")
        overeenkomst = services.raamovereenkomst_create(
            aanbieder=per_uuid(Aanbieder, v["aanbieder"], "aanbieder", "Aanbieder"),
            inkoopmodel=model,
            producten=_producten(v["producten"]),
            ingangsdatum=v["ingangsdatum"],
            door=request.user,
        )
        return self._fresh(overeenkomst, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def verlengen(self, request, uuid=None):
        overeenkomst = self.get_object()
        data = s.VerlengenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.raamovereenkomst_verlengen(
            overeenkomst=overeenkomst, door=request.user, toelichting=data.validated_data["toelichting"]
        )
        return self._fresh(overeenkomst)

    def _change(self, request, service, **extra):
        overeenkomst = self.get_object()
        data = s.WijzigingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service(overeenkomst=overeenkomst, per=v["per"], door=request.user, **{k: v[k] for k in extra})
        return self._fresh(overeenkomst)

    @action(detail=True, methods=["post"])
    def opschorten(self, request, uuid=None):
        return self._change(request, services.raamovereenkomst_opschorten, reden=1, tot=1)

    @action(detail=True, methods=["post"])
    def hervatten(self, request, uuid=None):
        overeenkomst = self.get_object()
        data = s.WijzigingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.raamovereenkomst_hervatten(
            overeenkomst=overeenkomst,
            per=data.validated_data["per"],
            door=request.user,
            toelichting=data.validated_data["reden"],
        )
        return self._fresh(overeenkomst)

    @action(detail=True, methods=["post"], url_path="beeindigen")
    def beeindigen(self, request, uuid=None):
        return self._change(request, services.raamovereenkomst_beeindigen, reden=1)

    @action(detail=True, methods=["post"])
    def onderaannemers(self, request, uuid=None):
        overeenkomst = self.get_object()
        data = s.OnderaannemingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        onderaannemer = (
            per_uuid(Aanbieder, v["onderaannemer"], "onderaannemer", "Aanbieder") if v["onderaannemer"] else None
        )
        item = services.onderaanneming_melden(
            overeenkomst=overeenkomst,
            onderaannemer=onderaannemer,
            naam=v["naam"],
            kvk_nummer=v["kvk_nummer"],
            toelichting=v["toelichting"],
            van=v["van"],
            tot=v["tot"],
            door=request.user,
        )
        return Response(s.OnderaannemingSerializer(item).data, status=status.HTTP_201_CREATED)


class RondeFilter(django_filters.FilterSet):
    inkoopmodel = django_filters.UUIDFilter(field_name="procedure__inkoopmodel__uuid")

    class Meta:
        model = Toetredingsronde
        fields = ["inkoopmodel"]


@extend_schema_view(
    list=extend_schema(summary="Toetredingsrondes", tags=TAGS),
    retrieve=extend_schema(summary="Eén toetredingsronde", tags=TAGS),
    create=extend_schema(
        summary="Toetredingsronde plannen",
        tags=TAGS,
        request=s.ToetredingsrondeCreateSerializer,
        responses={201: s.ToetredingsrondeSerializer},
    ),
)
class ToetredingsrondeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.ToetredingsrondeSerializer
    lookup_field = "uuid"
    filterset_class = RondeFilter

    def get_queryset(self):
        return selectors.toetredingsronde_list(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "vandaag": klok.vandaag()}

    def create(self, request, *args, **kwargs):
        data = s.ToetredingsrondeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        procedure = per_uuid(Inkoopprocedure, v.pop("procedure"), "procedure", "Inkoopprocedure")
        ronde = services.toetredingsronde_create(procedure=procedure, door=request.user, **v)
        ronde = self.get_queryset().get(pk=ronde.pk)
        return Response(s.ToetredingsrondeSerializer(ronde, context=self.get_serializer_context()).data, status=201)


class AanmeldingFilter(django_filters.FilterSet):
    ronde = django_filters.UUIDFilter(field_name="ronde__uuid")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    status = django_filters.ChoiceFilter(choices=Aanmelding.Status.choices)

    class Meta:
        model = Aanmelding
        fields = ["ronde", "aanbieder", "status"]


@extend_schema_view(
    list=extend_schema(summary="Aanmeldingen in toetredingsrondes", tags=TAGS),
    retrieve=extend_schema(summary="Eén aanmelding met beoordeling en geschiedenis", tags=TAGS),
    create=extend_schema(
        summary="Aanmelden (alleen in een open ronde)",
        tags=TAGS,
        request=s.AanmeldingCreateSerializer,
        responses={201: s.AanmeldingSerializer},
    ),
    beoordelen=extend_schema(
        summary="Kwaliteitseisen beoordelen",
        tags=TAGS,
        request=s.BeoordelenSerializer,
        responses=s.AanmeldingSerializer,
    ),
    aanvullend_oordeel=extend_schema(
        summary="Oordeel over het aanvullend aanbod (nieuwkomer)",
        tags=TAGS,
        request=s.AanvullendOordeelSerializer,
        responses=s.AanmeldingSerializer,
    ),
    besluiten=extend_schema(
        summary="Toelaten of afwijzen", tags=TAGS, request=s.BesluitSerializer, responses=s.AanmeldingSerializer
    ),
    intrekken=extend_schema(
        summary="Aanmelding intrekken", tags=TAGS, request=s.IntrekkenSerializer, responses=s.AanmeldingSerializer
    ),
)
class AanmeldingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.AanmeldingSerializer
    lookup_field = "uuid"
    filterset_class = AanmeldingFilter

    def get_queryset(self):
        return selectors.aanmelding_list(user=self.request.user)

    def _fresh(self, obj, code=status.HTTP_200_OK):
        return Response(s.AanmeldingSerializer(self.get_queryset().get(pk=obj.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.AanmeldingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ronde = per_uuid(Toetredingsronde, v["ronde"], "ronde", "Toetredingsronde")
        if v["aanbieder"]:
            aanbieder = per_uuid(Aanbieder, v["aanbieder"], "aanbieder", "Aanbieder")
        else:  # a provider applies for itself
            aanbieder = selectors.eigen_aanbieder(request.user)
            if aanbieder is None:
                raise ValidationFailed(
                    "Kies de aanbieder die zich aanmeldt.", code="aanbieder_ontbreekt", field="aanbieder"
                )
        aanmelding = services.aanmelding_indienen(
            ronde=ronde,
            aanbieder=aanbieder,
            producten=_producten(v["producten"]),
            toelichting=v["toelichting"],
            aanvullend_aanbod=v["aanvullend_aanbod"],
            door=request.user,
        )
        return self._fresh(aanmelding, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def beoordelen(self, request, uuid=None):
        aanmelding = self.get_object()
        data = s.BeoordelenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        eisen = {e.code: e for e in selectors.kwaliteitseisen_voor(inkoopmodel=aanmelding.ronde.procedure.inkoopmodel)}
        items = []
        for item in data.validated_data["beoordelingen"]:
            if item["kwaliteitseis"] not in eisen:
                raise ValidationFailed(
                    f"'{item['kwaliteitseis']}' is geen kwaliteitseis van dit inkoopmodel.",
                    code="eis_onbekend",
                    field="beoordelingen",
                )
            items.append({**item, "kwaliteitseis": eisen[item["kwaliteitseis"]]})
        services.aanmelding_beoordelen(aanmelding=aanmelding, beoordelingen=items, door=request.user)
        return self._fresh(aanmelding)

    @action(detail=True, methods=["post"], url_path="aanvullend-oordeel")
    def aanvullend_oordeel(self, request, uuid=None):
        aanmelding = self.get_object()
        data = s.AanvullendOordeelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.aanmelding_aanvullend_oordeel(aanmelding=aanmelding, door=request.user, **data.validated_data)
        return self._fresh(aanmelding)

    @action(detail=True, methods=["post"])
    def besluiten(self, request, uuid=None):
        aanmelding = self.get_object()
        data = s.BesluitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.aanmelding_besluiten(aanmelding=aanmelding, door=request.user, **data.validated_data)
        return self._fresh(aanmelding)

    @action(detail=True, methods=["post"])
    def intrekken(self, request, uuid=None):
        aanmelding = self.get_object()
        data = s.IntrekkenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.aanmelding_intrekken(aanmelding=aanmelding, door=request.user, reden=data.validated_data["reden"])
        return self._fresh(aanmelding)


# --- competitive procedures (issue 17) --------------------------------------------------------------


class AanbestedingFilter(django_filters.FilterSet):
    inkoopmodel = django_filters.UUIDFilter(field_name="procedure__inkoopmodel__uuid")
    status = django_filters.ChoiceFilter(choices=Aanbesteding.Status.choices)

    class Meta:
        model = Aanbesteding
        fields = ["inkoopmodel", "status"]


def _aanbesteding_context(view) -> dict:
    user = view.request.user
    return {"scores_zichtbaar": lambda i: selectors.scores_zichtbaar(user=user, aanbesteding=i.aanbesteding)}


@extend_schema_view(
    list=extend_schema(summary="Aanbestedingen (competitieve procedures)", tags=TAGS),
    retrieve=extend_schema(summary="Eén aanbesteding met gunningscriteria, besluit en geschiedenis", tags=TAGS),
    create=extend_schema(
        summary="Aanbesteding aankondigen (met gunningscriteria die samen 100% wegen)",
        tags=TAGS,
        request=s.AanbestedingCreateSerializer,
        responses={201: s.AanbestedingSerializer},
    ),
    rangschikking=extend_schema(
        summary="Scorematrix en rangschikking (een aanbieder: alleen de eigen inschrijving)",
        tags=TAGS,
        responses=s.RangschikkingSerializer,
    ),
    scores=extend_schema(
        summary="Scores vastleggen (per inschrijving per criterium)",
        tags=TAGS,
        request=s.ScoresSerializer,
        responses=s.RangschikkingSerializer,
    ),
    gunnen=extend_schema(
        summary="Gunningsbesluit (voorlopig; de opschortende termijn begint)",
        tags=TAGS,
        request=s.GunnenSerializer,
        responses=s.AanbestedingSerializer,
    ),
    definitief=extend_schema(
        summary="Definitief gunnen na de opschortende termijn (maakt de raamovereenkomsten)",
        tags=TAGS,
        request=s.GunnenSerializer,
        responses=s.AanbestedingSerializer,
    ),
)
class AanbestedingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.AanbestedingSerializer
    lookup_field = "uuid"
    filterset_class = AanbestedingFilter

    def get_queryset(self):
        return selectors.aanbesteding_list(user=self.request.user).prefetch_related(
            "criteria", "producten", "historie__door"
        )

    def _fresh(self, obj, code=status.HTTP_200_OK):
        return Response(s.AanbestedingSerializer(self.get_queryset().get(pk=obj.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.AanbestedingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        procedure = per_uuid(Inkoopprocedure, v.pop("procedure"), "procedure", "Inkoopprocedure")
        producten = _producten(v.pop("producten"))
        aanbesteding = services.aanbesteding_create(procedure=procedure, producten=producten, door=request.user, **v)
        return self._fresh(aanbesteding, status.HTTP_201_CREATED)

    def _rangschikking(self, aanbesteding):
        r = selectors.rangschikking(aanbesteding=aanbesteding, user=self.request.user)
        return Response(s.RangschikkingSerializer(r).data)

    @action(detail=True, methods=["get"])
    def rangschikking(self, request, uuid=None):
        return self._rangschikking(self.get_object())

    @action(detail=True, methods=["post"])
    def scores(self, request, uuid=None):
        aanbesteding = self.get_object()
        data = s.ScoresSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criteria = {c.code: c for c in aanbesteding.criteria.all()}
        inschrijvingen = {i.uuid: i for i in aanbesteding.inschrijvingen.select_related("aanbieder")}
        items = []
        for item in data.validated_data["scores"]:
            if item["inschrijving"] not in inschrijvingen:
                raise ValidationFailed(
                    f"'{item['inschrijving']}' is geen inschrijving op deze aanbesteding.",
                    code="inschrijving_onbekend",
                    field="scores",
                )
            if item["criterium"] not in criteria:
                raise ValidationFailed(
                    f"'{item['criterium']}' is geen gunningscriterium van deze aanbesteding.",
                    code="criterium_onbekend",
                    field="scores",
                )
            items.append(
                {**item, "inschrijving": inschrijvingen[item["inschrijving"]], "criterium": criteria[item["criterium"]]}
            )
        services.scores_vastleggen(aanbesteding=aanbesteding, scores=items, door=request.user)
        return self._rangschikking(aanbesteding)

    @action(detail=True, methods=["post"])
    def gunnen(self, request, uuid=None):
        aanbesteding = self.get_object()
        data = s.GunnenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.gunnen(aanbesteding=aanbesteding, door=request.user, toelichting=data.validated_data["toelichting"])
        return self._fresh(aanbesteding)

    @action(detail=True, methods=["post"])
    def definitief(self, request, uuid=None):
        aanbesteding = self.get_object()
        data = s.GunnenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.gunning_definitief(
            aanbesteding=aanbesteding, door=request.user, toelichting=data.validated_data["toelichting"]
        )
        return self._fresh(aanbesteding)


class InschrijvingFilter(django_filters.FilterSet):
    aanbesteding = django_filters.UUIDFilter(field_name="aanbesteding__uuid")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    status = django_filters.ChoiceFilter(choices=Inschrijving.Status.choices)

    class Meta:
        model = Inschrijving
        fields = ["aanbesteding", "aanbieder", "status"]


@extend_schema_view(
    list=extend_schema(summary="Inschrijvingen op aanbestedingen (een aanbieder: alleen de eigen)", tags=TAGS),
    retrieve=extend_schema(summary="Eén inschrijving met (na het besluit) scores, rang en redenen", tags=TAGS),
    create=extend_schema(
        summary="Inschrijven (de aanbieder voor zichzelf, tot en met de sluitingsdatum)",
        tags=TAGS,
        request=s.InschrijvingCreateSerializer,
        responses={201: s.InschrijvingSerializer},
    ),
)
class InschrijvingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContracteringToegang]
    serializer_class = s.InschrijvingSerializer
    lookup_field = "uuid"
    filterset_class = InschrijvingFilter

    def get_queryset(self):
        return selectors.inschrijving_list(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_aanbesteding_context(self)}

    def create(self, request, *args, **kwargs):
        data = s.InschrijvingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        aanbesteding = selectors.aanbesteding_list(user=request.user).filter(uuid=v["aanbesteding"]).first()
        if aanbesteding is None:
            raise ValidationFailed(
                f"Aanbesteding '{v['aanbesteding']}' bestaat niet.", code="aanbesteding_onbekend", field="aanbesteding"
            )
        if v["aanbieder"]:
            aanbieder = per_uuid(Aanbieder, v["aanbieder"], "aanbieder", "Aanbieder")
        else:  # a provider tenders for itself
            aanbieder = selectors.eigen_aanbieder(request.user)
            if aanbieder is None:
                raise ValidationFailed(
                    "Kies de aanbieder die inschrijft.", code="aanbieder_ontbreekt", field="aanbieder"
                )
        inschrijving = services.inschrijving_indienen(
            aanbesteding=aanbesteding, aanbieder=aanbieder, toelichting=v["toelichting"], door=request.user
        )
        obj = self.get_queryset().get(pk=inschrijving.pk)
        return Response(s.InschrijvingSerializer(obj, context=self.get_serializer_context()).data, status=201)
